package dev.pyrometer.agent.push.impl;

import dev.pyrometer.agent.push.api.OutgoingProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DropOldestQueueTest {

    private static Pending pending(String id, int bytes) {
        return new Pending(new OutgoingProfile(id, "", Map.of("service_name", "x"), new byte[bytes], 0, 0));
    }

    @Test
    void theByteBoundDropsOldestToo() {
        DropOldestQueue queue = new DropOldestQueue(100, 250);
        queue.offer(pending("a", 100));
        queue.offer(pending("b", 100));

        List<Pending> dropped = queue.offer(pending("c", 100));

        assertThat(dropped).extracting(p -> p.profile.id()).containsExactly("a");
        assertThat(queue.bytes()).isEqualTo(200);
    }

    @Test
    void aFailedBatchGoesBackToTheHeadAndCountsAgainstTheBound() throws InterruptedException {
        DropOldestQueue queue = new DropOldestQueue(3, 1 << 20);
        queue.offer(pending("a", 1));
        queue.offer(pending("b", 1));
        List<Pending> batch = queue.take(2, 1 << 20, Duration.ZERO, Duration.ZERO);
        queue.offer(pending("c", 1));
        queue.offer(pending("d", 1));

        List<Pending> dropped = queue.returnToHead(batch);

        assertThat(dropped).extracting(p -> p.profile.id()).containsExactly("a");
        assertThat(queue.take(10, 1 << 20, Duration.ZERO, Duration.ZERO)).extracting(p -> p.profile.id()).containsExactly("b", "c", "d");
    }

    @Test
    void batchesRespectCountBytesAndSoloProfiles() throws InterruptedException {
        DropOldestQueue queue = new DropOldestQueue(100, 1 << 20);
        queue.offer(pending("a", 60));
        queue.offer(pending("b", 60));
        Pending solo = pending("c", 1);
        solo.solo = true;
        queue.offer(solo);
        queue.offer(pending("d", 1));

        assertThat(queue.take(10, 100, Duration.ZERO, Duration.ZERO)).extracting(p -> p.profile.id()).containsExactly("a");
        assertThat(queue.take(10, 100, Duration.ZERO, Duration.ZERO)).extracting(p -> p.profile.id()).containsExactly("b");
        assertThat(queue.take(10, 100, Duration.ZERO, Duration.ZERO)).extracting(p -> p.profile.id()).containsExactly("c");
        assertThat(queue.take(10, 100, Duration.ZERO, Duration.ZERO)).extracting(p -> p.profile.id()).containsExactly("d");
    }
}

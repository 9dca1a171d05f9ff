package dev.pyrometer.agent.push.impl;

import dev.pyrometer.agent.push.api.OutgoingProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    void batchesRespectCountAndBytes() throws InterruptedException {
        DropOldestQueue queue = new DropOldestQueue(100, 1 << 20);
        queue.offer(pending("a", 60));
        queue.offer(pending("b", 30));
        queue.offer(pending("c", 30));
        queue.offer(pending("d", 1));
        queue.offer(pending("e", 1));

        assertThat(queue.take(10, 100, Duration.ZERO, Duration.ZERO)).extracting(p -> p.profile.id()).containsExactly("a", "b");
        assertThat(queue.take(2, 100, Duration.ZERO, Duration.ZERO)).extracting(p -> p.profile.id()).containsExactly("c", "d");
        assertThat(queue.take(10, 100, Duration.ZERO, Duration.ZERO)).extracting(p -> p.profile.id()).containsExactly("e");
    }

    /** A linger of ten minutes would outlast the timeout: returning at all shows that take() did not linger. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aBatchComingBackIsTakenWithoutLingering() throws InterruptedException {
        DropOldestQueue queue = new DropOldestQueue(100, 1 << 20);
        Pending sentBefore = pending("a", 1);
        sentBefore.sent = true;
        queue.returnToHead(List.of(sentBefore));
        queue.offer(pending("b", 1));

        List<Pending> batch = queue.take(10, 1 << 20, Duration.ZERO, Duration.ofMinutes(10));

        assertThat(batch).extracting(p -> p.profile.id()).containsExactly("a", "b");
    }
}

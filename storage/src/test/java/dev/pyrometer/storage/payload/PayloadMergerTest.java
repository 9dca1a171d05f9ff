package dev.pyrometer.storage.payload;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadMergerTest {

    @Test
    void sumsByStackLikeAPlainMapAndLeavesZerosOut() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            PayloadMerger merger = new PayloadMerger();
            TreeMap<Long, Long> expected = new TreeMap<>();
            long duration = 0;
            int snapshots = 0;
            for (int p = random.nextInt(20); p >= 0; p--) {
                TreeMap<Long, Long> one = new TreeMap<>();
                for (int s = random.nextInt(300); s > 0; s--) {
                    // small id ranges collide a lot; values cancel out sometimes
                    one.put(1 + (long) random.nextInt(round % 2 == 0 ? 50 : 1_000_000), (long) random.nextInt(7) - 3);
                }
                long[] ids = one.keySet().stream().mapToLong(Long::longValue).toArray();
                long[] values = one.values().stream().mapToLong(Long::longValue).toArray();
                long d = random.nextInt(1000);
                merger.add(new Payload(10, d, ids, values), 2);
                one.forEach((id, value) -> expected.merge(id, value, Long::sum));
                duration += d;
                snapshots += 2;
            }
            expected.values().removeIf(value -> value == 0);

            Payload result = merger.result();

            assertThat(result.stackIds()).containsExactly(expected.keySet().stream().mapToLong(Long::longValue).toArray());
            assertThat(result.values()).containsExactly(expected.values().stream().mapToLong(Long::longValue).toArray());
            assertThat(result.durationNanos()).isEqualTo(duration);
            assertThat(merger.snapshots()).isEqualTo(snapshots);
        }
    }

    @Test
    void aNegativeCountTakesOutAPayloadMergedBefore() {
        PayloadMerger merger = new PayloadMerger();
        merger.add(new Payload(10, 700, new long[] {1, 2, 3}, new long[] {5, 7, 9}), 1);
        merger.add(new Payload(10, 300, new long[] {2, 3, 4}, new long[] {7, 1, 6}), 1);
        merger.add(new Payload(20, 300, new long[] {2, 3, 4}, new long[] {7, 1, 6}), -1);

        Payload result = merger.result();
        assertThat(result.stackIds()).as("stack 2's 14 less 7, stack 4's 6 less 6 left out").containsExactly(1, 2, 3);
        assertThat(result.values()).containsExactly(5, 7, 9);
        assertThat(result.durationNanos()).isEqualTo(700);
        assertThat(result.period()).as("the period of the last payload added").isEqualTo(10);
        assertThat(merger.snapshots()).isEqualTo(1);
    }

    @Test
    void refusesIdsThatAreNotPositive() {
        assertThatThrownBy(() -> new PayloadMerger().add(new Payload(1, 0, new long[] {0}, new long[] {5}), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

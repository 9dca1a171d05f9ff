package dev.pyrometer.profile.regression;

import dev.pyrometer.profile.buckets.BucketMatrix;
import dev.pyrometer.profile.buckets.SeriesBucket;
import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.testing.SyntheticCpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Windows of one-minute buckets of {@link SyntheticCpu} snapshots, one 10 s snapshot per bucket. */
final class Windows {
    private Windows() {
    }

    static BucketMatrix window(SyntheticCpu cpu, Random random, long startMillis, int buckets, double traffic, String planted, double factor) {
        List<SeriesBucket> list = new ArrayList<>(buckets);
        for (int b = 0; b < buckets; b++) {
            long at = startMillis + 60_000L * b;
            list.add(new SeriesBucket(at, 60, 1, cpu.snapshot(random, LabelSet.EMPTY, at * 1_000_000, 10_000_000_000L, traffic, planted, factor)));
        }
        return BucketMatrix.of(Aggregation.SUM, list, true, true);
    }

    static List<RankedChange> functions(List<RankedChange> ranked) {
        return ranked.stream().filter(c -> c.comparison().metric().kind() != dev.pyrometer.profile.buckets.Metric.Kind.STACK).toList();
    }
}

package dev.pyrometer.storage.rollup;

import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.payload.PayloadMerger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ten-second buckets of a minute being rolled up, filled from its raw rows: per bucket (its start in s), each
 * series' merged snapshots, and the (series, offset) of every snapshot for the groups' {@link MemberSnapshots}.
 */
final class TenSecondBuckets {
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private final Map<Long, Map<Long, PayloadMerger>> mergers = new HashMap<>();
    private final Map<Long, List<long[]>> snapshots = new HashMap<>();

    /** Adds one raw snapshot of {@code seriesId} taken at {@code timeMicros} (µs since the epoch). */
    void add(long seriesId, long timeMicros, Payload payload) {
        long bucket = Tier.TEN_SECONDS.bucketOf(Math.floorDiv(timeMicros, MICROS_PER_SECOND));
        mergers.computeIfAbsent(bucket, start -> new HashMap<>()).computeIfAbsent(seriesId, id -> new PayloadMerger()).add(payload, 1);
        snapshots.computeIfAbsent(bucket, start -> new ArrayList<>()).add(new long[] {seriesId, timeMicros - bucket * MICROS_PER_SECOND});
    }

    /** Each series' merged snapshots in the bucket starting at {@code bucket} (s); empty where it has none. */
    Map<Long, PayloadMerger> bySeries(long bucket) {
        return mergers.getOrDefault(bucket, Map.of());
    }

    /**
     * The bucket's snapshots listed per group, {@code groupOf} mapping each series to its group; each group of
     * {@code listedEvenEmpty} without a snapshot there gets an empty list.
     */
    Map<Long, MemberSnapshots> byGroup(long bucket, Map<Long, Long> groupOf, Set<Long> listedEvenEmpty) {
        Map<Long, List<long[]>> perGroup = new HashMap<>();
        listedEvenEmpty.forEach(group -> perGroup.put(group, new ArrayList<>()));
        for (long[] snapshot : snapshots.getOrDefault(bucket, List.of())) {
            perGroup.computeIfAbsent(groupOf.get(snapshot[0]), group -> new ArrayList<>()).add(snapshot);
        }
        Map<Long, MemberSnapshots> lists = new HashMap<>(perGroup.size() * 2);
        perGroup.forEach((group, listed) -> lists.put(group, MemberSnapshots.of(listed)));
        return lists;
    }
}

package dev.pyrometer.storage.testing;

import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.rollup.Tier;
import dev.pyrometer.storage.testing.Store.RawRow;
import dev.pyrometer.storage.testing.Store.RollupRow;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Snapshots merged the plain way, for comparing with what the rollup job stored: values summed by
 * stack id (stacks summing to 0 left out, as a merged payload keeps no zeros), snapshots counted,
 * stored totals and durations added. Equal aggregates are equal records.
 */
public record Aggregate(SortedMap<Long, Long> values, int snapshots, long total, long durationNanos, long period) {
    public static final Aggregate EMPTY = new Aggregate(Collections.emptySortedMap(), 0, 0, 0, 0);

    public static Aggregate of(RawRow row) {
        return of(row.payload(), 1, row.total());
    }

    /** A rollup row; one stored without its stacks is {@link #withoutStacks()} of its snapshots and total. */
    public static Aggregate of(RollupRow row) {
        return row.payload() == null ? new Aggregate(Collections.emptySortedMap(), row.snapshots(), row.total(), 0, 0)
                : of(row.payload(), row.snapshots(), row.total());
    }

    /** This aggregate as a bucket stored without its stacks keeps it: its snapshots and total only. */
    public Aggregate withoutStacks() {
        return new Aggregate(Collections.emptySortedMap(), snapshots, total, 0, 0);
    }

    /** A merged payload of {@code snapshots} snapshots, as a reader returns it (its total is the sum of its values). */
    public static Aggregate of(Payload payload, int snapshots) {
        return of(payload, snapshots, payload.total());
    }

    /** This aggregate with its total recomputed from its values, to compare with a reader's sums. */
    public Aggregate withoutTotal() {
        return new Aggregate(values, snapshots, values.values().stream().mapToLong(Long::longValue).sum(), durationNanos, period);
    }

    private static Aggregate of(Payload payload, int snapshots, long total) {
        SortedMap<Long, Long> values = new TreeMap<>();
        for (int i = 0; i < payload.stackIds().length; i++) {
            if (payload.values()[i] != 0) {
                values.put(payload.stackIds()[i], payload.values()[i]);
            }
        }
        return new Aggregate(values, snapshots, total, payload.durationNanos(), payload.period());
    }

    public Aggregate plus(Aggregate other) {
        if (this.snapshots > 0 && other.snapshots > 0 && period != other.period) {
            throw new AssertionError("test data mixes periods " + period + " and " + other.period + " in one series");
        }
        SortedMap<Long, Long> sum = new TreeMap<>(values);
        other.values.forEach((id, value) -> sum.merge(id, value, (a, b) -> a + b == 0 ? null : a + b));
        return new Aggregate(sum, snapshots + other.snapshots, total + other.total, durationNanos + other.durationNanos,
                other.snapshots > 0 ? other.period : period);
    }

    /** The start of the bucket of {@code tier} holding the instant {@code micros} µs after the epoch. */
    public static Instant bucketOf(Tier tier, long micros) {
        long width = tier.width().toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(Math.floorDiv(micros, 1_000_000L), width) * width);
    }

    /** Raw rows merged per (series, bucket of {@code tier}). */
    public static Map<Bucket, Aggregate> byBucket(Tier tier, Collection<RawRow> rows) {
        return byBucket(tier, rows, Map.of());
    }

    /** Raw rows merged per (group, bucket of {@code tier}), each series in the group {@code groupOfSeries} gives it. */
    public static Map<Bucket, Aggregate> byBucket(Tier tier, Collection<RawRow> rows, Map<Long, Long> groupOfSeries) {
        Map<Bucket, Aggregate> result = new HashMap<>();
        for (RawRow row : rows) {
            long key = groupOfSeries.isEmpty() ? row.seriesId() : groupOfSeries.get(row.seriesId());
            result.merge(new Bucket(key, bucketOf(tier, row.micros())), of(row), Aggregate::plus);
        }
        return result;
    }

    /**
     * {@link #byBucket(Tier, Collection, Map)} for the group buckets the rollup job stores with bounds of
     * {@code groupMinRows} and {@code tenSecondMinRows}: above ten seconds, those standing for at least
     * {@code groupMinRows} rows (raw rows for a minute, member series above). A ten-second bucket keeps its stacks from
     * {@code tenSecondMinRows} raw rows; below that it is kept without them from {@code groupMinRows} raw rows, or where
     * its minute is busy: the group had {@code groupMinRows} series or more with rows in it. A busy minute's ten-second
     * buckets without rows are kept as {@link #EMPTY}.
     */
    public static Map<Bucket, Aggregate> storedGroupBuckets(Tier tier, Collection<RawRow> rows, Map<Long, Long> groupOfSeries,
                                                            int groupMinRows, int tenSecondMinRows) {
        Map<Bucket, Set<Long>> sources = new HashMap<>();
        Map<Bucket, Set<Long>> minuteMembers = new HashMap<>();
        Map<Bucket, Integer> rawRows = new HashMap<>();
        for (RawRow row : rows) {
            long group = groupOfSeries.get(row.seriesId());
            Bucket bucket = new Bucket(group, bucketOf(tier, row.micros()));
            sources.computeIfAbsent(bucket, b -> new HashSet<>()).add(row.seriesId());
            minuteMembers.computeIfAbsent(new Bucket(group, bucketOf(Tier.MINUTE, row.micros())), b -> new HashSet<>()).add(row.seriesId());
            rawRows.merge(bucket, 1, Integer::sum);
        }
        Map<Bucket, Aggregate> result = byBucket(tier, rows, groupOfSeries);
        if (tier != Tier.TEN_SECONDS) {
            result.keySet().removeIf(bucket -> (tier.seriesTable() == null ? rawRows.get(bucket) : sources.get(bucket).size()) < groupMinRows);
            return result;
        }
        Predicate<Bucket> busy = bucket -> minuteMembers.get(new Bucket(bucket.seriesId(),
                bucketOf(Tier.MINUTE, bucket.start().getEpochSecond() * 1_000_000L))).size() >= groupMinRows;
        result.keySet().removeIf(bucket -> rawRows.get(bucket) < groupMinRows && rawRows.get(bucket) < tenSecondMinRows && !busy.test(bucket));
        result.replaceAll((bucket, merged) -> rawRows.get(bucket) < tenSecondMinRows ? merged.withoutStacks() : merged);
        minuteMembers.forEach((minute, members) -> {
            for (long second = 0; members.size() >= groupMinRows && second < 60; second += 10) {
                result.putIfAbsent(new Bucket(minute.seriesId(), minute.start().plusSeconds(second)), EMPTY);
            }
        });
        return result;
    }

    /** Stored rollup rows per (series, bucket). */
    public static Map<Bucket, Aggregate> stored(Collection<RollupRow> rows) {
        Map<Bucket, Aggregate> result = new HashMap<>();
        for (RollupRow row : rows) {
            if (result.put(new Bucket(row.seriesId(), row.bucket()), of(row)) != null) {
                throw new AssertionError("two rollup rows for series " + row.seriesId() + " bucket " + row.bucket());
            }
        }
        return result;
    }

    /** One series' (or group's) bucket of one tier. */
    public record Bucket(long seriesId, Instant start) {
    }
}

package dev.pyrometer.storage.rollup;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The snapshots one stored ten-second group bucket merged, as its {@code member_series} and {@code member_offsets}:
 * entry {@code i} is a snapshot of series {@code series[i]} taken {@code offsets[i]} µs after the bucket's start,
 * ordered by offset, then series. Where the bucket is clean (no pending mark of its minute) these are exactly the raw
 * rows of the group's members in those ten seconds, so a read of part of the bucket needs only the listed series.
 * A list is valid only while its length equals the row's {@code snapshots}: a bucket recomputed by a release that
 * predates the lists keeps the old ones, and late rows only ever add snapshots.
 */
public record MemberSnapshots(long[] series, int[] offsets) {
    public MemberSnapshots {
        if (series.length != offsets.length) {
            throw new IllegalArgumentException("member lists differ in length: " + series.length + " series, " + offsets.length + " offsets");
        }
    }

    public int size() {
        return series.length;
    }

    /** The distinct series with a snapshot from {@code fromOffset} (inclusive) to {@code toOffset} (exclusive), µs, ascending. */
    public long[] seriesWithin(long fromOffset, long toOffset) {
        return within(fromOffset, toOffset).mapToLong(i -> series[i]).distinct().sorted().toArray();
    }

    /** How many snapshots lie from {@code fromOffset} (inclusive) to {@code toOffset} (exclusive), µs. */
    public long snapshotsWithin(long fromOffset, long toOffset) {
        return within(fromOffset, toOffset).count();
    }

    private IntStream within(long fromOffset, long toOffset) {
        return IntStream.range(0, offsets.length).filter(i -> offsets[i] >= fromOffset && offsets[i] < toOffset);
    }

    /** The list of {@code snapshots}, each a (series id, µs after the bucket's start) pair, in the stored order. */
    static MemberSnapshots of(List<long[]> snapshots) {
        long[][] sorted = snapshots.toArray(long[][]::new);
        Arrays.sort(sorted, (a, b) -> a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[0], b[0]));
        long[] series = new long[sorted.length];
        int[] offsets = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            series[i] = sorted[i][0];
            offsets[i] = Math.toIntExact(sorted[i][1]);
        }
        return new MemberSnapshots(series, offsets);
    }

    /** The lists of some keys end to end, as one statement binds them, and each key's slice of them: [first, last], 1-based. */
    record Flat(long[] series, int[] offsets, int[] first, int[] last) {
    }

    /** The lists of {@code keys}, in that order, each taken from {@code lists}. */
    static Flat flatten(long[] keys, Map<Long, MemberSnapshots> lists) {
        int total = 0;
        for (long key : keys) {
            total += lists.get(key).size();
        }
        Flat flat = new Flat(new long[total], new int[total], new int[keys.length], new int[keys.length]);
        int at = 0;
        for (int i = 0; i < keys.length; i++) {
            MemberSnapshots list = lists.get(keys[i]);
            System.arraycopy(list.series(), 0, flat.series(), at, list.size());
            System.arraycopy(list.offsets(), 0, flat.offsets(), at, list.size());
            flat.first()[i] = at + 1;
            at += list.size();
            flat.last()[i] = at;
        }
        return flat;
    }
}

package dev.pyrometer.storage.query;

import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.db.SqlArrays;
import dev.pyrometer.storage.rollup.MemberSnapshots;
import dev.pyrometer.storage.rollup.Tier;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The raw ranges of a group plan that lie in a clean ten-second group bucket listing its snapshots
 * ({@link MemberSnapshots}): the window's edges (its raw pieces shorter than ten seconds) and the plan's ten-second
 * buckets stored without their stacks. Such a part is read as the raw rows of just the series listed there, instead
 * of those of every member live then: at a 60 s cadence about one member in six has a snapshot in a few seconds.
 * Clean means no pending mark of the bucket's minute (the plan's own buckets are clean by construction), so the list
 * holds every raw row of the bucket the read's snapshot sees; a list whose length is not the row's snapshot count is
 * ignored (see {@link MemberSnapshots}), and so is a bucket without a row: their parts are read from the members.
 */
final class EdgeLists {
    private static final long WIDTH = Tier.TEN_SECONDS.widthMicros();

    /** Starts (µs) of the clean ten-second buckets that hold part of an edge, ascending. */
    private final long[] buckets;
    /** The valid lists read, by group, then bucket start (µs). */
    private final Map<Long, NavigableMap<Long, MemberSnapshots>> lists = new HashMap<>();
    /** Reads to make: (group, series, from µs, to µs, +1 to add the rows or -1 to take them out). */
    private final List<long[]> listed = new ArrayList<>();
    /** Per edge bucket (start µs) holding a single edge part, that part as (from, to) µs. */
    private final Map<Long, long[]> singleParts;
    /** Per group, the edge buckets read as their stored stacks less the rows outside the edge (see {@link #accept}). */
    private final Map<Long, Set<Long>> complemented = new HashMap<>();

    private EdgeLists(long[] buckets, Map<Long, long[]> singleParts) {
        this.buckets = buckets;
        this.singleParts = singleParts;
    }

    /** The edge buckets of {@code plan}, made with {@code marks}. */
    static EdgeLists of(List<Piece> plan, List<NavigableSet<Long>> marks) {
        Set<Long> buckets = new TreeSet<>();
        Map<Long, List<long[]>> parts = new HashMap<>();
        for (Piece piece : plan) {
            if (isEdge(piece.raw(), piece.fromMicros(), piece.toMicros())) {
                for (long bucket = floor(piece.fromMicros()); bucket < piece.toMicros(); bucket += WIDTH) {
                    if (RollupPlanner.clean(Tier.TEN_SECONDS, bucket, bucket + WIDTH, marks)) {
                        buckets.add(bucket);
                        parts.computeIfAbsent(bucket, start -> new ArrayList<>())
                                .add(new long[] {Math.max(bucket, piece.fromMicros()), Math.min(bucket + WIDTH, piece.toMicros())});
                    }
                }
            }
        }
        Map<Long, long[]> singleParts = new HashMap<>();
        parts.forEach((bucket, inBucket) -> {
            if (inBucket.size() == 1) {
                singleParts.put(bucket, inBucket.get(0));
            }
        });
        return new EdgeLists(buckets.stream().mapToLong(Long::longValue).toArray(), singleParts);
    }

    /** Starts (µs) of the buckets whose lists to read, ascending. */
    long[] buckets() {
        return buckets;
    }

    /** Whether the ten-second bucket starting at {@code bucket} (µs) is read for its list. */
    boolean holdsEdge(long bucket) {
        return Arrays.binarySearch(buckets, bucket) >= 0;
    }

    /**
     * Takes a ten-second row of an edge bucket or one stored without its stacks: group, bucket µs and snapshots in
     * columns 1–3, the lists in the given ones. Returns whether the row's stacks are to be merged as they are: an edge
     * bucket with its stacks whose edge part holds more snapshots than the rest of it is read as the bucket less the
     * rest (exact: the bucket is the sum of its raw rows, all listed), so the raw rows read are the fewer ones.
     *
     * @param stacks whether the row holds its stacks (payload not NULL)
     */
    boolean accept(ResultSet row, int seriesColumn, int offsetsColumn, boolean stacks) throws SQLException {
        Array series = row.getArray(seriesColumn);
        Array offsets = row.getArray(offsetsColumn);
        if (series == null || offsets == null) {
            return false;
        }
        Long[] seriesIds = (Long[]) series.getArray();
        Integer[] offsetValues = (Integer[]) offsets.getArray();
        if (seriesIds.length != row.getInt(3) || offsetValues.length != seriesIds.length) {
            return false;
        }
        long[] ids = new long[seriesIds.length];
        int[] at = new int[seriesIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = seriesIds[i];
            at[i] = offsetValues[i];
        }
        long group = row.getLong(1);
        long bucket = row.getLong(2);
        MemberSnapshots list = new MemberSnapshots(ids, at);
        lists.computeIfAbsent(group, key -> new TreeMap<>()).put(bucket, list);
        long[] part = singleParts.get(bucket);
        if (!stacks || part == null) {
            return false;
        }
        long inside = list.snapshotsWithin(part[0] - bucket, part[1] - bucket);
        if (list.size() - inside + 1 >= inside) {
            return false;
        }
        addReads(group, list, bucket, part[0], -1);
        addReads(group, list, part[1], bucket + WIDTH, -1);
        complemented.computeIfAbsent(group, key -> new HashSet<>()).add(bucket);
        return true;
    }

    /** Reads of the series {@code list} (of the bucket starting at {@code bucket}) has in {@code [from, to)}, µs. */
    private void addReads(long group, MemberSnapshots list, long from, long to, int sign) {
        long bucket = floor(from);
        if (from < to) {
            for (long series : list.seriesWithin(from - bucket, to - bucket)) {
                listed.add(new long[] {group, series, from, to, sign});
            }
        }
    }

    /**
     * Takes a raw range of a group's members, {@code [from, to)} in µs: its parts in listed buckets become reads of
     * the series listed there; the rest is returned, as (from, to) pairs, to be read from the members.
     */
    List<long[]> split(long group, long from, long to) {
        NavigableMap<Long, MemberSnapshots> ofGroup = lists.get(group);
        if (ofGroup == null) {
            return List.of(new long[] {from, to});
        }
        List<long[]> rest = new ArrayList<>();
        long unlisted = from; // where the run of parts left to the members starts
        Set<Long> whole = complemented.getOrDefault(group, Set.of());
        for (Map.Entry<Long, MemberSnapshots> entry : ofGroup.subMap(floor(from), true, to, false).entrySet()) {
            long bucket = entry.getKey();
            long partFrom = Math.max(from, bucket);
            long partTo = Math.min(to, bucket + WIDTH);
            if (partFrom > unlisted) {
                rest.add(new long[] {unlisted, partFrom});
            }
            unlisted = partTo;
            if (whole.contains(bucket)) {
                long[] part = singleParts.get(bucket);
                if (part[0] != partFrom || part[1] != partTo) {
                    throw new IllegalStateException("the edge part [" + partFrom + ", " + partTo + ") of group " + group
                            + " is not the one read as its bucket less the rest, [" + part[0] + ", " + part[1] + ")");
                }
                continue; // read already: the bucket's stacks less its rows outside the part
            }
            addReads(group, entry.getValue(), partFrom, partTo, 1);
        }
        if (unlisted < to) {
            rest.add(new long[] {unlisted, to});
        }
        return rest;
    }

    /**
     * Reads the listed series' raw rows in their parts, one chunk lookup each. Rows have the columns of
     * {@link PlannedRows}, keyed by group, then the series id; a row to take out of a bucket merged whole (see
     * {@link #accept}) counts -1 snapshots.
     */
    void read(Connection connection, String value, PlannedRows.Row consumer) throws SQLException {
        if (listed.isEmpty()) {
            return;
        }
        int n = listed.size();
        long[][] columns = new long[5][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 5; c++) {
                columns[c][i] = listed.get(i)[c];
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT x.g, " + Sql.toMicros("r.time") + ", x.n::int, r." + value + ", false, x.s "
                        + "FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS x(g, s, f, t, n) CROSS JOIN LATERAL (SELECT * FROM "
                        + RawRows.between("series_id = x.s", Sql.micros("x.f"), Sql.micros("x.t")) + " r OFFSET 0) r")) {
            for (int c = 0; c < 5; c++) {
                statement.setArray(c + 1, SqlArrays.int8(connection, columns[c]));
            }
            PlannedRows.each(statement, consumer);
        }
    }

    /** A raw piece short enough to be a window's edge (under ten seconds, so within two buckets). */
    private static boolean isEdge(boolean raw, long from, long to) {
        return raw && to - from < WIDTH;
    }

    private static long floor(long micros) {
        return Math.floorDiv(micros, WIDTH) * WIDTH;
    }
}

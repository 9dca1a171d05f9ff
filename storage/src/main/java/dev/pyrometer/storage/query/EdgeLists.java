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
    /** Reads to make: (group, series, from µs, to µs). */
    private final List<long[]> listed = new ArrayList<>();

    private EdgeLists(long[] buckets) {
        this.buckets = buckets;
    }

    /** The edge buckets of {@code plan}, made with {@code marks}. */
    static EdgeLists of(List<Piece> plan, List<NavigableSet<Long>> marks) {
        Set<Long> buckets = new TreeSet<>();
        for (Piece piece : plan) {
            if (isEdge(piece.raw(), piece.fromMicros(), piece.toMicros())) {
                for (long bucket = floor(piece.fromMicros()); bucket < piece.toMicros(); bucket += WIDTH) {
                    if (RollupPlanner.clean(Tier.TEN_SECONDS, bucket, bucket + WIDTH, marks)) {
                        buckets.add(bucket);
                    }
                }
            }
        }
        return new EdgeLists(buckets.stream().mapToLong(Long::longValue).toArray());
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
     * columns 1–3, the lists in the given ones.
     */
    void accept(ResultSet row, int seriesColumn, int offsetsColumn) throws SQLException {
        Array series = row.getArray(seriesColumn);
        Array offsets = row.getArray(offsetsColumn);
        if (series == null || offsets == null) {
            return;
        }
        Long[] seriesIds = (Long[]) series.getArray();
        Integer[] offsetValues = (Integer[]) offsets.getArray();
        if (seriesIds.length != row.getInt(3) || offsetValues.length != seriesIds.length) {
            return;
        }
        long[] ids = new long[seriesIds.length];
        int[] at = new int[seriesIds.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = seriesIds[i];
            at[i] = offsetValues[i];
        }
        lists.computeIfAbsent(row.getLong(1), group -> new TreeMap<>()).put(row.getLong(2), new MemberSnapshots(ids, at));
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
        for (Map.Entry<Long, MemberSnapshots> entry : ofGroup.subMap(floor(from), true, to, false).entrySet()) {
            long bucket = entry.getKey();
            long partFrom = Math.max(from, bucket);
            long partTo = Math.min(to, bucket + WIDTH);
            if (partFrom > unlisted) {
                rest.add(new long[] {unlisted, partFrom});
            }
            unlisted = partTo;
            for (long series : entry.getValue().seriesWithin(partFrom - bucket, partTo - bucket)) {
                listed.add(new long[] {group, series, partFrom, partTo});
            }
        }
        if (unlisted < to) {
            rest.add(new long[] {unlisted, to});
        }
        return rest;
    }

    /**
     * Reads the listed series' raw rows in their parts, one chunk lookup each. Rows have the columns of
     * {@link PlannedRows}, keyed by group, then the series id.
     */
    void read(Connection connection, String value, PlannedRows.Row consumer) throws SQLException {
        if (listed.isEmpty()) {
            return;
        }
        int n = listed.size();
        long[][] columns = new long[4][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                columns[c][i] = listed.get(i)[c];
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT x.g, " + Sql.toMicros("r.time") + ", 1, r." + value + ", false, x.s "
                        + "FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) AS x(g, s, f, t) CROSS JOIN LATERAL (SELECT * FROM "
                        + RawRows.between("series_id = x.s", Sql.micros("x.f"), Sql.micros("x.t")) + " r OFFSET 0) r")) {
            for (int c = 0; c < 4; c++) {
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

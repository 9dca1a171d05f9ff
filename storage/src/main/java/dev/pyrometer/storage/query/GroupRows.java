package dev.pyrometer.storage.query;

import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.db.SqlArrays;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

/**
 * Runs a group plan's reads (see {@link WindowReader}). A tier piece reads the groups' stored buckets. A group whose
 * bucket is not stored (it stood for too few rows: see {@code RollupJob}) is read from its members instead: their
 * buckets of the same tier, or for a minute their raw rows. A raw piece reads the members' raw rows. Members are found
 * through {@code series.group_id}, and where a range is settled only those whose {@code first_seen/last_seen} span
 * overlaps it, so an edge costs the pods live then, not every pod a service ever had; a group whose span (the union
 * of its members', {@code series_group.first_seen/last_seen}) misses a settled range is not looked at there at all.
 * A raw range inside a clean ten-second bucket that lists its snapshots (a window's edge, or a bucket stored without
 * its stacks) reads only the series listed there ({@link EdgeLists}), in a statement of its own. One statement per
 * tier, and one for all other raw ranges. Rows have the columns of {@link PlannedRows}, keyed by group: a member's row counts for its
 * group, including a member created after the caller listed the group's members (it shares the group's labels).
 */
final class GroupRows {
    private GroupRows() {
    }

    /** A range of one group's members: {@code [fromMicros, toMicros)}, settled as {@link RollupPlanner#settled}. */
    private record Range(long groupId, long fromMicros, long toMicros, boolean settled) {
    }

    /**
     * One look at a group's members: each member's rows in {@code [fromMicros, toMicros)} are fetched once, and those
     * in one of {@code ranges} (disjoint, all of this group, inside that span) are kept. Settled only where every range is.
     */
    private record Probe(long groupId, long fromMicros, long toMicros, boolean settled, List<Range> ranges) {
        static Probe of(List<Range> ranges) {
            return new Probe(ranges.get(0).groupId(), ranges.stream().mapToLong(Range::fromMicros).min().orElseThrow(),
                    ranges.stream().mapToLong(Range::toMicros).max().orElseThrow(), ranges.stream().allMatch(Range::settled), ranges);
        }
    }

    static void read(Connection connection, List<Piece> plan, List<NavigableSet<Long>> marks, long[] groupIds, PlannedRows.Row consumer)
            throws SQLException {
        String value = PlannedRows.PAYLOAD;
        Map<Long, long[]> spans = spans(connection, groupIds);
        List<Range> raw = new ArrayList<>();
        EdgeLists edges = EdgeLists.of(plan, marks);
        for (Tier tier : Tier.values()) {
            long[] buckets = plan.stream().filter(piece -> piece.tier() == tier).mapToLong(Piece::fromMicros).toArray();
            boolean tenSeconds = tier == Tier.TEN_SECONDS;
            if (buckets.length == 0 && !(tenSeconds && edges.buckets().length > 0)) {
                continue;
            }
            Map<Long, Set<Long>> stored = new HashMap<>();
            PlannedRows.Row storedRows = row -> {
                stored.computeIfAbsent(row.getLong(2), bucket -> new HashSet<>()).add(row.getLong(1));
                consumer.accept(row);
            };
            if (tenSeconds) {
                tenSeconds(connection, groupIds, buckets, edges, storedRows);
            } else {
                PlannedRows.buckets(connection, tier.groupTable(), "group_id", groupIds, buckets, value, storedRows);
            }
            List<Range> missing = new ArrayList<>();
            for (long bucket : buckets) {
                Set<Long> present = stored.getOrDefault(bucket, Set.of());
                long end = bucket + tier.widthMicros();
                boolean settled = RollupPlanner.settled(bucket, end, marks);
                for (long group : groupIds) {
                    if (!present.contains(group) && mayHaveRows(spans, group, bucket, end, settled)) {
                        missing.add(new Range(group, bucket, end, settled));
                    }
                }
            }
            if (tier.seriesTable() == null) {
                raw.addAll(missing);
            } else if (!missing.isEmpty()) {
                // A group without a bucket here has its members' stacks in theirs (SeriesBuckets), as the rollup job
                // decides both together; a reader can still meet a member's bucket without them (across the shards of a
                // distributed database, or when the raw day is dropped), which is then read as its raw rows.
                PlannedRows.StacksOrRawRows rows = new PlannedRows.StacksOrRawRows(consumer, 6);
                memberRows(connection, missing.stream().map(range -> Probe.of(List.of(range))).toList(), "(SELECT * FROM "
                        + tier.seriesTable() + " r WHERE r.series_id = m.id AND r.bucket = " + Sql.micros("w.f") + " OFFSET 0)",
                        "r.bucket", "r.snapshots", value, rows);
                rows.readHeldBack(connection);
            }
        }
        for (Piece piece : plan) {
            if (piece.raw()) {
                boolean settled = RollupPlanner.settled(piece.fromMicros(), piece.toMicros(), marks);
                for (long group : groupIds) {
                    if (mayHaveRows(spans, group, piece.fromMicros(), piece.toMicros(), settled)) {
                        raw.add(new Range(group, piece.fromMicros(), piece.toMicros(), settled));
                    }
                }
            }
        }
        raw = probedOrListed(raw, edges);
        edges.read(connection, value, consumer);
        if (!raw.isEmpty()) {
            memberRows(connection, byChunk(raw), "(SELECT * FROM " + RawRows.between("series_id = m.id", Sql.micros("w.f"), Sql.micros("w.t"))
                    + " r OFFSET 0)", "r.time", "1", value, consumer);
        }
    }

    /**
     * The stored ten-second buckets {@code buckets} (µs) of {@code groupIds}, to {@code consumer}, and the member lists
     * of the edge buckets and of those stored without their stacks, to {@code edges}, in one statement. An edge
     * bucket's stacks go to {@code consumer} only where {@code edges} reads it as the bucket less its rows outside the
     * edge (see {@link EdgeLists#accept}).
     */
    private static void tenSeconds(Connection connection, long[] groupIds, long[] buckets, EdgeLists edges, PlannedRows.Row consumer)
            throws SQLException {
        String edge = Sql.toMicros("bucket") + " = ANY(?::bigint[])";
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT group_id, " + Sql.toMicros("bucket") + ", snapshots, " + PlannedRows.PAYLOAD
                        + ", false, CASE WHEN " + edge + " OR payload IS NULL THEN member_series END, CASE WHEN "
                        + edge + " OR payload IS NULL THEN member_offsets END, payload IS NULL FROM " + Tier.TEN_SECONDS.groupTable()
                        + " WHERE group_id = ANY(?) AND bucket IN "
                        + "(SELECT " + Sql.micros("b") + " FROM unnest(?::bigint[]) AS b)")) {
            long[] edgeBuckets = edges.buckets();
            Array edgeArray = SqlArrays.int8(connection, edgeBuckets);
            statement.setArray(1, edgeArray);
            statement.setArray(2, edgeArray);
            statement.setArray(3, SqlArrays.int8(connection, groupIds));
            long[] all = Arrays.copyOf(buckets, buckets.length + edgeBuckets.length);
            System.arraycopy(edgeBuckets, 0, all, buckets.length, edgeBuckets.length);
            statement.setArray(4, SqlArrays.int8(connection, all));
            PlannedRows.each(statement, row -> {
                if (edges.holdsEdge(row.getLong(2)) || row.getBoolean(8)) { // an edge, or stored with its list alone
                    if (edges.accept(row, 6, 7, !row.getBoolean(8))) {
                        consumer.accept(row); // read whole, less its rows outside the edge
                    }
                } else {
                    consumer.accept(row);
                }
            });
        }
    }

    /** The raw ranges left to read from the members once {@code edges} took the parts its lists cover. */
    private static List<Range> probedOrListed(List<Range> raw, EdgeLists edges) {
        List<Range> probed = new ArrayList<>(raw.size());
        for (Range range : raw) {
            for (long[] part : edges.split(range.groupId(), range.fromMicros(), range.toMicros())) {
                probed.add(new Range(range.groupId(), part[0], part[1], range.settled()));
            }
        }
        return probed;
    }

    /**
     * Raw ranges as probes: the ranges of one group inside one chunk's ten minutes (a window's edge: a raw piece and
     * the ten-second buckets not stored beside it) share a probe, so each member's chunk there is looked up once; a
     * range across a chunk boundary is a probe of its own.
     */
    private static List<Probe> byChunk(List<Range> ranges) {
        List<Probe> probes = new ArrayList<>();
        Map<List<Long>, List<Range>> byGroupAndChunk = new LinkedHashMap<>();
        for (Range range : ranges) {
            long chunk = Math.floorDiv(range.fromMicros(), RawRows.CHUNK_MICROS);
            if (Math.floorDiv(range.toMicros() - 1, RawRows.CHUNK_MICROS) == chunk) {
                byGroupAndChunk.computeIfAbsent(List.of(range.groupId(), chunk), key -> new ArrayList<>()).add(range);
            } else {
                probes.add(Probe.of(List.of(range)));
            }
        }
        byGroupAndChunk.values().forEach(together -> probes.add(Probe.of(together)));
        return probes;
    }

    /** Each group's [first_seen, last_seen) span in µs; groups with none yet are absent. */
    private static Map<Long, long[]> spans(Connection connection, long[] groupIds) throws SQLException {
        Map<Long, long[]> spans = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, " + Sql.toMicros("first_seen") + ", "
                + Sql.toMicros("last_seen") + " FROM series_group WHERE id = ANY(?) AND first_seen IS NOT NULL")) {
            statement.setArray(1, SqlArrays.int8(connection, groupIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    spans.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)});
                }
            }
        }
        return spans;
    }

    /**
     * Whether members of {@code group} can have rows in {@code [from, to)}: always where the range is not settled;
     * where it is, only when the group's span (the union of its members') overlaps it, or it has none yet.
     */
    private static boolean mayHaveRows(Map<Long, long[]> spans, long group, long from, long to, boolean settled) {
        long[] span = spans.get(group);
        return !settled || span == null || (span[0] < to && span[1] > from);
    }

    /**
     * The rows of {@code memberSource} (a subquery of one member {@code m.id}'s rows in span {@code w}) for each probe's
     * members, kept where {@code timeColumn} lies in one of the probe's ranges; the probes are the rows of
     * {@code w(g, f, t, settled)}, numbered {@code p} from 1, and their ranges those of {@code x(p, f, t)}. Each probe is its own nested loop (the
     * laterals, fenced by OFFSET 0 so the planner cannot turn them into hash joins), so a probe costs index lookups for
     * its live members only: the condition on last_seen is a range of index {@code series_by_group_seen}. Rows have the
     * columns of {@link PlannedRows}, then the member's id.
     */
    private static void memberRows(Connection connection, List<Probe> probes, String memberSource, String timeColumn,
                                   String snapshots, String value, PlannedRows.Row consumer) throws SQLException {
        int n = probes.size();
        long[] groups = new long[n];
        long[] from = new long[n];
        long[] to = new long[n];
        boolean[] settled = new boolean[n];
        List<Range> ranges = probes.stream().flatMap(probe -> probe.ranges().stream()).toList();
        int[] rangeProbe = new int[ranges.size()];
        long[] rangeFrom = new long[ranges.size()];
        long[] rangeTo = new long[ranges.size()];
        for (int i = 0, r = 0; i < n; i++) {
            Probe probe = probes.get(i);
            groups[i] = probe.groupId();
            from[i] = probe.fromMicros();
            to[i] = probe.toMicros();
            settled[i] = probe.settled();
            for (Range range : probe.ranges()) {
                rangeProbe[r] = i + 1; // w.p, the probe's ordinality, counts from 1
                rangeFrom[r] = range.fromMicros();
                rangeTo[r++] = range.toMicros();
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT w.g, " + Sql.toMicros(timeColumn) + ", " + snapshots + ", " + value + ", false, m.id "
                        + "FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bool[]) WITH ORDINALITY AS w(g, f, t, settled, p) "
                        + "CROSS JOIN LATERAL (SELECT id FROM series WHERE group_id = w.g AND "
                        + Sql.seenWithin("CASE WHEN w.settled THEN " + Sql.micros("w.f") + " ELSE '-infinity' END",
                                "CASE WHEN w.settled THEN " + Sql.micros("w.t") + " ELSE 'infinity' END") + " OFFSET 0) m "
                        + "CROSS JOIN LATERAL " + memberSource + " r "
                        + "WHERE EXISTS (SELECT 1 FROM unnest(?::int4[], ?::bigint[], ?::bigint[]) AS x(p, f, t) WHERE x.p = w.p AND "
                        + timeColumn + " >= " + Sql.micros("x.f") + " AND " + timeColumn + " < " + Sql.micros("x.t") + ")")) {
            statement.setArray(1, SqlArrays.int8(connection, groups));
            statement.setArray(2, SqlArrays.int8(connection, from));
            statement.setArray(3, SqlArrays.int8(connection, to));
            statement.setArray(4, SqlArrays.bool(connection, settled));
            statement.setArray(5, SqlArrays.int4(connection, rangeProbe));
            statement.setArray(6, SqlArrays.int8(connection, rangeFrom));
            statement.setArray(7, SqlArrays.int8(connection, rangeTo));
            PlannedRows.each(statement, consumer);
        }
    }
}

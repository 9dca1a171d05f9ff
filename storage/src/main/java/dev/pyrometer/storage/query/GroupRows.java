package dev.pyrometer.storage.query;

import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.db.SqlArrays;
import dev.pyrometer.storage.rollup.Tier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * One statement per tier, and one for all raw ranges. Rows have the columns of {@link PlannedRows}, keyed by group: a member's row counts for its
 * group, including a member created after the caller listed the group's members (it shares the group's labels).
 */
final class GroupRows {
    private GroupRows() {
    }

    /** A range of one group's members: {@code [fromMicros, toMicros)}, settled as {@link RollupPlanner#settled}. */
    private record Range(long groupId, long fromMicros, long toMicros, boolean settled) {
    }

    static void read(Connection connection, List<Piece> plan, List<NavigableSet<Long>> marks, long[] groupIds, String value,
                     PlannedRows.Row consumer) throws SQLException {
        Map<Long, long[]> spans = spans(connection, groupIds);
        List<Range> raw = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            long[] buckets = plan.stream().filter(piece -> piece.tier() == tier).mapToLong(Piece::fromMicros).toArray();
            if (buckets.length == 0) {
                continue;
            }
            Map<Long, Set<Long>> stored = new HashMap<>();
            PlannedRows.buckets(connection, tier.groupTable(), "group_id", groupIds, buckets, value, row -> {
                stored.computeIfAbsent(row.getLong(2), bucket -> new HashSet<>()).add(row.getLong(1));
                consumer.accept(row);
            });
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
                memberRows(connection, missing, "(SELECT * FROM " + tier.seriesTable() + " r WHERE r.series_id = m.id AND r.bucket = "
                        + Sql.micros("w.f") + " OFFSET 0)", Sql.toMicros("r.bucket") + ", r.snapshots", value, consumer);
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
        if (!raw.isEmpty()) {
            memberRows(connection, raw, "(SELECT * FROM " + RawRows.between("series_id = m.id", Sql.micros("w.f"), Sql.micros("w.t"))
                    + " r OFFSET 0)", Sql.toMicros("r.time") + ", 1", value, consumer);
        }
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
     * The rows of {@code memberSource} (a subquery of one member {@code m.id}'s rows in range {@code w}) for each range's
     * members; the ranges are the rows of {@code w(g, f, t, settled)}. Each range is its own nested loop (the laterals, fenced by OFFSET 0 so the
     * planner cannot turn them into hash joins), so a range costs index probes for its live members only: the
     * condition on last_seen is a range of index {@code series_by_group_seen}.
     */
    private static void memberRows(Connection connection, List<Range> ranges, String memberSource, String timeAndSnapshots,
                                   String value, PlannedRows.Row consumer) throws SQLException {
        int n = ranges.size();
        long[] groups = new long[n];
        long[] from = new long[n];
        long[] to = new long[n];
        boolean[] settled = new boolean[n];
        for (int i = 0; i < n; i++) {
            Range range = ranges.get(i);
            groups[i] = range.groupId();
            from[i] = range.fromMicros();
            to[i] = range.toMicros();
            settled[i] = range.settled();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT w.g, " + timeAndSnapshots + ", " + value + ", false FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bool[]) "
                        + "AS w(g, f, t, settled) "
                        + "CROSS JOIN LATERAL (SELECT id FROM series WHERE group_id = w.g AND "
                        + Sql.seenWithin("CASE WHEN w.settled THEN " + Sql.micros("w.f") + " ELSE '-infinity' END",
                                "CASE WHEN w.settled THEN " + Sql.micros("w.t") + " ELSE 'infinity' END") + " OFFSET 0) m "
                        + "CROSS JOIN LATERAL " + memberSource + " r")) {
            statement.setArray(1, SqlArrays.int8(connection, groups));
            statement.setArray(2, SqlArrays.int8(connection, from));
            statement.setArray(3, SqlArrays.int8(connection, to));
            statement.setArray(4, SqlArrays.bool(connection, settled));
            PlannedRows.each(statement, consumer);
        }
    }
}

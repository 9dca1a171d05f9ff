package dev.pyrometer.storage.query;

import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.db.SqlArrays;
import dev.pyrometer.storage.rollup.SeriesBuckets;
import dev.pyrometer.storage.rollup.Tier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;

/**
 * Runs a plan's reads: one statement per tier for its buckets, one per raw piece. Each row has the
 * columns (id, µs of the bucket or snapshot time, snapshots, {@code value}, raw), where value is
 * one or more columns both the rollup tables and {@code profile} have ({@code total} or {@code payload})
 * and raw is true for a raw snapshot read for its series (snapshots 1).
 */
final class PlannedRows {
    /** The value of a read of stacks. */
    static final String PAYLOAD = "payload";

    interface Row {
        void accept(ResultSet row) throws SQLException;
    }

    private PlannedRows() {
    }

    /**
     * Reads a plan's pieces for series one by one: their buckets from the per-series tier tables, and their raw rows.
     * The first column is the series id. A raw piece whose ten-minute buckets are settled (see
     * {@link RollupPlanner#settled}) looks only at the series whose {@code first_seen/last_seen} span overlaps it, so
     * an edge of a window costs the series live then, not every series ever selected.
     *
     * @param marks  the pending marks the plan was made with, read in the same snapshot
     * @param stacks whether {@code value} is {@link #PAYLOAD} and every row must carry it: a ten-minute bucket stored
     *               without its stacks is then read as its raw snapshots ({@link SeriesBuckets}); else it is its stored
     *               row, whose payload is NULL
     */
    static void read(Connection connection, List<Piece> plan, List<NavigableSet<Long>> marks, long[] seriesIds, String value,
                     boolean stacks, Row consumer) throws SQLException {
        if (stacks && !value.equals(PAYLOAD)) {
            throw new IllegalArgumentException("a read with stacks reads the payload alone, not " + value);
        }
        for (Tier tier : Tier.values()) {
            long[] buckets = plan.stream().filter(piece -> piece.tier() == tier).mapToLong(Piece::fromMicros).toArray();
            if (buckets.length == 0) {
                continue;
            }
            if (stacks && tier == Tier.FINEST_PER_SERIES) {
                StacksOrRawRows rows = new StacksOrRawRows(consumer, 1);
                buckets(connection, tier.seriesTable(), "series_id", seriesIds, buckets, value, rows);
                rows.readHeldBack(connection);
            } else {
                buckets(connection, tier.seriesTable(), "series_id", seriesIds, buckets, value, consumer);
            }
        }
        for (Piece piece : plan) {
            if (piece.raw()) {
                raw(connection, seriesIds, piece.fromMicros(), piece.toMicros(),
                        RollupPlanner.settled(piece.fromMicros(), piece.toMicros(), marks), value, consumer);
            }
        }
    }

    /**
     * Passes on the rows of a read of stacks ({@link #PAYLOAD} in column 4) that carry them, and holds back the
     * ten-minute buckets stored without them ({@link SeriesBuckets}), whose raw snapshots {@link #readHeldBack} then
     * passes on under the same key (column 1) instead.
     */
    static final class StacksOrRawRows implements Row {
        private final Row consumer;
        private final int seriesColumn;
        /** (key, series id, bucket start in µs) of each bucket held back. */
        private final List<long[]> heldBack = new ArrayList<>();

        /** @param seriesColumn the column of a row's series id (the key's own column when the rows are keyed by series) */
        StacksOrRawRows(Row consumer, int seriesColumn) {
            this.consumer = consumer;
            this.seriesColumn = seriesColumn;
        }

        @Override
        public void accept(ResultSet row) throws SQLException {
            if (row.getBytes(4) == null) {
                heldBack.add(new long[] {row.getLong(1), row.getLong(seriesColumn), row.getLong(2)});
            } else {
                consumer.accept(row);
            }
        }

        /** Reads the raw snapshots of the buckets held back, each a row of its key (snapshots 1, raw). */
        void readHeldBack(Connection connection) throws SQLException {
            if (heldBack.isEmpty()) {
                return;
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT e.key, " + Sql.toMicros("r.time") + ", 1, r." + PAYLOAD + ", true FROM " + SeriesBuckets.RAW_ROWS)) {
                SeriesBuckets.bindRawRows(connection, statement, heldBack);
                each(statement, consumer);
            }
        }
    }

    /** The stored buckets {@code bucketStarts} (µs) of {@code keys} in {@code table}, keyed by {@code keyColumn}. */
    static void buckets(Connection connection, String table, String keyColumn, long[] keys, long[] bucketStarts, String value, Row consumer)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + keyColumn + ", " + Sql.toMicros("bucket") + ", snapshots, " + value + ", false FROM " + table
                        + " WHERE " + keyColumn + " = ANY(?) AND bucket IN (SELECT " + Sql.micros("b") + " FROM unnest(?::bigint[]) AS b)")) {
            statement.setArray(1, SqlArrays.int8(connection, keys));
            statement.setArray(2, SqlArrays.int8(connection, bucketStarts));
            each(statement, consumer);
        }
    }

    /**
     * The raw rows in {@code [fromMicros, toMicros)} of {@code seriesIds}; when {@code settled} (as
     * {@link RollupPlanner#settled} of the range), only of those whose {@code first_seen/last_seen} span overlaps it
     * or that have none yet, which are all that can have rows there.
     */
    private static void raw(Connection connection, long[] seriesIds, long fromMicros, long toMicros, boolean settled, String value,
                            Row consumer) throws SQLException {
        String series = settled
                ? "ARRAY(SELECT id FROM series WHERE id = ANY(?) AND " + Sql.seenWithin(Sql.micros("?"), Sql.micros("?")) + ")"
                : "?";
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT series_id, " + Sql.toMicros("time") + ", 1, " + value + ", true FROM (SELECT " + Sql.micros("?") + " AS f, "
                        + Sql.micros("?") + " AS t, " + series + " AS ids) AS w CROSS JOIN LATERAL "
                        + RawRows.between("series_id = ANY(w.ids)", "w.f", "w.t") + " AS r")) {
            int parameter = 1;
            statement.setLong(parameter++, fromMicros);
            statement.setLong(parameter++, toMicros);
            statement.setArray(parameter++, SqlArrays.int8(connection, seriesIds));
            if (settled) {
                statement.setLong(parameter++, fromMicros);
                statement.setLong(parameter, toMicros);
            }
            each(statement, consumer);
        }
    }

    /**
     * Plans a window of series whose rows must each lie in one step: the usable tiers are the per-series ones whose
     * width divides {@code stepMicros}.
     */
    static List<Piece> planForStep(List<NavigableSet<Long>> marks, long fromMicros, long toMicros, long stepMicros) {
        Tier coarsest = null;
        for (Tier tier : Tier.values()) {
            if (tier.compareTo(Tier.FINEST_PER_SERIES) >= 0 && stepMicros % tier.widthMicros() == 0) {
                coarsest = tier;
            }
        }
        return RollupPlanner.plan(fromMicros, toMicros, marks, Tier.FINEST_PER_SERIES, coarsest);
    }

    static void each(PreparedStatement statement, Row consumer) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                consumer.accept(rows);
            }
        }
    }
}

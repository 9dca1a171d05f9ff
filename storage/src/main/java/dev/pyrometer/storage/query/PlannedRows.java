package dev.pyrometer.storage.query;

import dev.pyrometer.storage.db.SqlArrays;
import dev.pyrometer.storage.rollup.Tier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Runs a plan's reads: one statement per tier for its buckets, one per raw piece. Each row has the
 * columns (id, µs of the bucket or snapshot time, snapshots, {@code value}, raw), where value is
 * one or more columns both the rollup tables and {@code profile} have ({@code total} or {@code payload})
 * and raw is true for a row of {@code profile}.
 */
final class PlannedRows {
    interface Row {
        void accept(ResultSet row) throws SQLException;
    }

    private PlannedRows() {
    }

    static void read(Connection connection, List<Piece> plan, long[] seriesIds, String value, Row consumer) throws SQLException {
        read(connection, plan, false, seriesIds, seriesIds, value, consumer);
    }

    /**
     * Reads a plan's pieces: the buckets of {@code keys} from the tier tables of groups or of series, and the raw
     * rows of {@code rawSeries}. The first column is the group or series id of a bucket and the series id of a raw
     * row.
     */
    static void read(Connection connection, List<Piece> plan, boolean groups, long[] keys, long[] rawSeries, String value, Row consumer)
            throws SQLException {
        String key = groups ? "group_id" : "series_id";
        for (Tier tier : Tier.values()) {
            long[] buckets = plan.stream().filter(piece -> piece.tier() == tier).mapToLong(Piece::fromMicros).toArray();
            if (buckets.length > 0) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT " + key + ", " + Sql.toMicros("bucket") + ", snapshots, " + value + ", false FROM " + tier.table(groups)
                                + " WHERE " + key + " = ANY(?) AND bucket IN (SELECT " + Sql.micros("b") + " FROM unnest(?::bigint[]) AS b)")) {
                    statement.setArray(1, SqlArrays.int8(connection, keys));
                    statement.setArray(2, SqlArrays.int8(connection, buckets));
                    each(statement, consumer);
                }
            }
        }
        for (Piece piece : plan) {
            if (piece.raw()) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT series_id, " + Sql.toMicros("time") + ", 1, " + value + ", true FROM profile WHERE series_id = ANY(?) AND time >= "
                                + Sql.micros("?") + " AND time < " + Sql.micros("?"))) {
                    statement.setArray(1, SqlArrays.int8(connection, rawSeries));
                    statement.setLong(2, piece.fromMicros());
                    statement.setLong(3, piece.toMicros());
                    each(statement, consumer);
                }
            }
        }
    }

    /**
     * Plans a window of series whose rows must each lie in one step: the usable tiers are the per-series ones whose
     * width divides {@code stepMicros}.
     */
    static List<Piece> planForStep(Connection connection, int tenantId, long fromMicros, long toMicros, long stepMicros) throws SQLException {
        Tier coarsest = null;
        for (Tier tier : Tier.values()) {
            if (tier.compareTo(Tier.FINEST_PER_SERIES) >= 0 && stepMicros % tier.widthMicros() == 0) {
                coarsest = tier;
            }
        }
        return RollupPlanner.plan(fromMicros, toMicros, PendingMarks.read(connection, tenantId, fromMicros, toMicros),
                Tier.FINEST_PER_SERIES, coarsest);
    }

    private static void each(PreparedStatement statement, Row consumer) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                consumer.accept(rows);
            }
        }
    }
}

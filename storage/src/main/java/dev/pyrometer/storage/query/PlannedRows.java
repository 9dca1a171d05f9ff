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
 * columns (series_id, µs of the bucket or snapshot time, snapshots, {@code value}, raw), where value is
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
        for (Tier tier : Tier.values()) {
            long[] buckets = plan.stream().filter(piece -> piece.tier() == tier).mapToLong(Piece::fromMicros).toArray();
            if (buckets.length > 0) {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT series_id, " + Sql.toMicros("bucket") + ", snapshots, " + value + ", false FROM " + tier.table()
                                + " WHERE series_id = ANY(?) AND bucket IN (SELECT " + Sql.micros("b") + " FROM unnest(?::bigint[]) AS b)")) {
                    statement.setArray(1, SqlArrays.int8(connection, seriesIds));
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
                    statement.setArray(1, SqlArrays.int8(connection, seriesIds));
                    statement.setLong(2, piece.fromMicros());
                    statement.setLong(3, piece.toMicros());
                    each(statement, consumer);
                }
            }
        }
    }

    /** The coarsest tier whose width divides {@code stepMicros}, so each of its buckets lies in one step; null: raw rows only. */
    static Tier coarsestDividing(long stepMicros) {
        Tier coarsest = null;
        for (Tier tier : Tier.values()) {
            if (stepMicros % RollupPlanner.micros(tier) == 0) {
                coarsest = tier;
            }
        }
        return coarsest;
    }

    private static void each(PreparedStatement statement, Row consumer) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                consumer.accept(rows);
            }
        }
    }
}

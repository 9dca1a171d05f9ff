package dev.pyrometer.storage.query;

import dev.pyrometer.storage.db.SqlArrays;
import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.payload.PayloadMerger;
import dev.pyrometer.storage.rollup.Tier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;

/**
 * Sums the snapshots of some series over a window, planned over the rollup tiers by
 * {@link RollupPlanner} and read in one repeatable-read snapshot, so the answer equals merging
 * the raw rows of the window exactly. Thread-safe.
 */
public final class WindowReader {
    private final DataSource dataSource;

    public WindowReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Reads {@code [fromMicros, toMicros)} using rollups up to the day tier. */
    public WindowRead read(int tenantId, long[] seriesIds, long fromMicros, long toMicros) throws SQLException {
        return read(tenantId, seriesIds, fromMicros, toMicros, Tier.DAY);
    }

    /** As {@link #read(int, long[], long, long)}, using tiers up to {@code coarsest} (null: raw rows only). */
    public WindowRead read(int tenantId, long[] seriesIds, long fromMicros, long toMicros, Tier coarsest) throws SQLException {
        if (seriesIds.length == 0 || fromMicros >= toMicros) {
            return new WindowRead(List.of(), List.of(), ReadStats.NONE);
        }
        try (Connection connection = dataSource.getConnection()) {
            return Snapshots.readOnly(connection, () -> {
                List<NavigableSet<Long>> marks = PendingMarks.read(connection, tenantId, fromMicros, toMicros);
                List<Piece> plan = RollupPlanner.plan(fromMicros, toMicros, marks, coarsest);
                Map<Long, PayloadMerger> merged = new HashMap<>();
                ReadStats stats = ReadStats.NONE;
                for (Tier tier : Tier.values()) {
                    stats = stats.plus(readTier(connection, tier, seriesIds, plan, merged));
                }
                for (Piece piece : plan) {
                    if (piece.raw()) {
                        stats = stats.plus(readRaw(connection, seriesIds, piece, merged));
                    }
                }
                List<SeriesSums> sums = new ArrayList<>(merged.size());
                merged.forEach((id, merger) -> sums.add(new SeriesSums(id, merger.result(), merger.snapshots())));
                sums.sort((a, b) -> Long.compare(a.seriesId(), b.seriesId()));
                return new WindowRead(sums, plan, stats);
            });
        }
    }

    private static ReadStats readTier(Connection connection, Tier tier, long[] seriesIds, List<Piece> plan,
                                      Map<Long, PayloadMerger> merged) throws SQLException {
        long[] buckets = plan.stream().filter(piece -> piece.tier() == tier).mapToLong(Piece::fromMicros).toArray();
        if (buckets.length == 0) {
            return ReadStats.NONE;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT series_id, snapshots, payload FROM " + tier.table() + " WHERE series_id = ANY(?) AND bucket IN "
                        + "(SELECT " + Sql.micros("b") + " FROM unnest(?::bigint[]) AS b)")) {
            statement.setArray(1, SqlArrays.int8(connection, seriesIds));
            statement.setArray(2, SqlArrays.int8(connection, buckets));
            return merge(statement, merged);
        }
    }

    private static ReadStats readRaw(Connection connection, long[] seriesIds, Piece piece, Map<Long, PayloadMerger> merged) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT series_id, 1, payload FROM profile WHERE series_id = ANY(?) AND time >= " + Sql.micros("?")
                        + " AND time < " + Sql.micros("?"))) {
            statement.setArray(1, SqlArrays.int8(connection, seriesIds));
            statement.setLong(2, piece.fromMicros());
            statement.setLong(3, piece.toMicros());
            return merge(statement, merged);
        }
    }

    private static ReadStats merge(PreparedStatement statement, Map<Long, PayloadMerger> merged) throws SQLException {
        long rows = 0;
        long bytes = 0;
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                byte[] payload = result.getBytes(3);
                merged.computeIfAbsent(result.getLong(1), id -> new PayloadMerger()).add(PayloadCodec.decode(payload), result.getInt(2));
                rows++;
                bytes += payload.length;
            }
        }
        return new ReadStats(rows, bytes);
    }
}

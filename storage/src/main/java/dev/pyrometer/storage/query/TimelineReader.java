package dev.pyrometer.storage.query;

import dev.pyrometer.storage.rollup.Tier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Totals per step from the stored totals alone (payloads are never decoded), planned over the
 * rollup tiers whose bucket width divides the step, so every bucket falls in exactly one step.
 * The timeline covers {@code [from rounded down to a multiple of the step, to)}; the last step may
 * be partial. Thread-safe.
 */
public final class TimelineReader {
    private final DataSource dataSource;

    public TimelineReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The step-aligned start of a timeline over a window starting at {@code fromMicros}. */
    public static long alignedStart(long fromMicros, long stepMicros) {
        return Math.floorDiv(fromMicros, stepMicros) * stepMicros;
    }

    public List<SeriesTimeline> read(int tenantId, long[] seriesIds, long fromMicros, long toMicros, long stepMicros) throws SQLException {
        if (stepMicros <= 0) {
            throw new IllegalArgumentException("step must be positive");
        }
        long start = alignedStart(fromMicros, stepMicros);
        int steps = (int) Math.max(0, (toMicros - start + stepMicros - 1) / stepMicros);
        if (seriesIds.length == 0 || steps == 0) {
            return List.of();
        }
        Tier planTier = PlannedRows.coarsestDividing(stepMicros);
        try (Connection connection = dataSource.getConnection()) {
            return Snapshots.readOnly(connection, () -> {
                List<Piece> plan = RollupPlanner.plan(start, toMicros, PendingMarks.read(connection, tenantId, start, toMicros), planTier);
                Map<Long, SeriesTimeline> bySeries = new HashMap<>();
                PlannedRows.read(connection, plan, seriesIds, "total", row -> accumulate(row, bySeries, start, stepMicros, steps));
                List<SeriesTimeline> result = new ArrayList<>(bySeries.values());
                result.sort((a, b) -> Long.compare(a.seriesId(), b.seriesId()));
                return result;
            });
        }
    }

    private static void accumulate(ResultSet row, Map<Long, SeriesTimeline> bySeries, long start, long step, int steps) throws SQLException {
        SeriesTimeline timeline = bySeries.computeIfAbsent(row.getLong(1), id -> new SeriesTimeline(id, new long[steps], new int[steps]));
        int k = (int) ((row.getLong(2) - start) / step);
        timeline.totals()[k] += row.getLong(4);
        timeline.snapshots()[k] += row.getInt(3);
    }
}

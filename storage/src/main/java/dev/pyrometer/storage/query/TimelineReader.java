package dev.pyrometer.storage.query;

import dev.pyrometer.storage.payload.PayloadHeader;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.NavigableSet;
import java.util.Map;

/**
 * Totals per step from the stored totals and the payloads' fixed prefix (period and duration; the
 * stacks are never decoded), planned over the rollup tiers whose bucket width divides the step, so
 * every bucket falls in exactly one step. The timeline covers
 * {@code [from rounded down to a multiple of the step, to)}; the last step may be partial. Raw
 * snapshots dated up to {@link #LOOKBACK_MICROS} (at least one step) before the first step are read
 * too, for the part of their span that reaches into the timeline. Thread-safe.
 */
public final class TimelineReader {
    /** How far before the first step snapshots are read for their span; a longer span is cut there. */
    static final long LOOKBACK_MICROS = 5 * 60 * 1_000_000L;
    private static final String VALUE = "total, substring(payload FROM 1 FOR " + PayloadHeader.PREFIX_BYTES + ")";

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
        long readFrom = start - Math.max(1, (LOOKBACK_MICROS + stepMicros - 1) / stepMicros) * stepMicros;
        try (Connection connection = dataSource.getConnection()) {
            return Snapshots.readOnly(connection, () -> {
                List<NavigableSet<Long>> marks = PendingMarks.read(connection, tenantId, readFrom, toMicros);
                List<Piece> plan = PlannedRows.planForStep(marks, readFrom, toMicros, stepMicros);
                Map<Long, SeriesTimeline> bySeries = new HashMap<>();
                PlannedRows.read(connection, plan, marks, seriesIds, VALUE, false, row -> accumulate(row, bySeries, start, toMicros, stepMicros, steps));
                List<SeriesTimeline> result = new ArrayList<>(bySeries.values());
                result.sort((a, b) -> Long.compare(a.seriesId(), b.seriesId()));
                return result;
            });
        }
    }

    /**
     * Adds one row: a raw snapshot (snapshots = 1) is spread over {@code [time, time + duration)};
     * a rollup bucket, or a snapshot without a duration, counts whole in the step it is dated in. The
     * last step ends at {@code to}: the part of a span past {@code to} is left out.
     */
    private static void accumulate(ResultSet row, Map<Long, SeriesTimeline> bySeries, long start, long to, long step, int steps) throws SQLException {
        long micros = row.getLong(2);
        int count = row.getInt(3);
        long total = row.getLong(4);
        long durationNanos = row.getBoolean(6) ? PayloadHeader.durationNanos(row.getBytes(5)) : 0;
        long first = Math.floorDiv(micros - start, step);
        long lastMicros = durationNanos > 0 ? micros + (durationNanos - 1) / 1000 : micros;
        long last = Math.min(steps - 1, Math.floorDiv(lastMicros - start, step));
        if (last < 0) {
            return;
        }
        SeriesTimeline timeline = bySeries.computeIfAbsent(row.getLong(1),
                id -> new SeriesTimeline(id, new long[steps], new int[steps], new double[steps], new int[steps]));
        if (first >= 0) {
            timeline.totals()[(int) first] += total;
            timeline.snapshots()[(int) first] += count;
        }
        if (durationNanos == 0) {
            if (first >= 0) {
                timeline.spread()[(int) first] += total;
                timeline.covering()[(int) first] += count;
            }
            return;
        }
        long fromNanos = micros * 1000;
        long toNanos = fromNanos + durationNanos;
        for (long k = Math.max(0, first); k <= last; k++) {
            long stepFrom = (start + k * step) * 1000;
            long stepTo = Math.min(stepFrom + step * 1000, to * 1000);
            long overlap = Math.min(toNanos, stepTo) - Math.max(fromNanos, stepFrom);
            if (overlap > 0) {
                timeline.spread()[(int) k] += (double) total * overlap / durationNanos;
                timeline.covering()[(int) k]++;
            }
        }
    }
}

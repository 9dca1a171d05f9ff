package dev.pyrometer.storage.query;

import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.payload.PayloadMerger;
import dev.pyrometer.storage.rollup.Tier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;

/**
 * Sums the snapshots of some series over a window, planned over the rollup tiers by
 * {@link RollupPlanner} and read in one repeatable-read snapshot, so the answer equals merging
 * the raw rows of the window exactly. Series are read one by one from the per-series tiers; whole
 * groups (every member selected) are read from the group tiers, whose buckets hold the sum of all
 * members, so their cost does not grow with the number of members. Thread-safe.
 */
public final class WindowReader {
    private final DataSource dataSource;

    public WindowReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Reads {@code [fromMicros, toMicros)} of series one by one, using rollups up to the day tier. */
    public WindowRead read(int tenantId, long[] seriesIds, long fromMicros, long toMicros) throws SQLException {
        return read(tenantId, seriesIds, Map.of(), fromMicros, toMicros, Tier.DAY);
    }

    /** As {@link #read(int, long[], long, long)}, using tiers up to {@code coarsest} (null: raw rows only). */
    public WindowRead read(int tenantId, long[] seriesIds, long fromMicros, long toMicros, Tier coarsest) throws SQLException {
        return read(tenantId, seriesIds, Map.of(), fromMicros, toMicros, coarsest);
    }

    /**
     * Reads {@code [fromMicros, toMicros)} of {@code seriesIds} one by one and of whole groups.
     *
     * @param groupOfMember for each group read whole, every member series id mapped to the group id; the caller
     *                      guarantees these are all of each group's members (a group's rollups sum them all)
     * @param coarsest      the largest tier to use, or null for raw rows only
     */
    public WindowRead read(int tenantId, long[] seriesIds, Map<Long, Long> groupOfMember, long fromMicros, long toMicros, Tier coarsest)
            throws SQLException {
        if ((seriesIds.length == 0 && groupOfMember.isEmpty()) || fromMicros >= toMicros) {
            return WindowRead.EMPTY;
        }
        try (Connection connection = dataSource.getConnection()) {
            return Snapshots.readOnly(connection, () -> {
                List<NavigableSet<Long>> marks = PendingMarks.read(connection, tenantId, fromMicros, toMicros);
                Map<Long, PayloadMerger> series = new HashMap<>();
                Map<Long, PayloadMerger> groups = new HashMap<>();
                ReadStats stats = ReadStats.NONE;
                List<Piece> plan = List.of();
                if (seriesIds.length > 0) {
                    plan = RollupPlanner.plan(fromMicros, toMicros, marks, Tier.FINEST_PER_SERIES, coarsest);
                    stats = stats.plus(readPlan(connection, plan, marks, false, seriesIds, series));
                }
                List<Piece> groupPlan = List.of();
                if (!groupOfMember.isEmpty()) {
                    groupPlan = RollupPlanner.plan(fromMicros, toMicros, marks, Tier.FINEST_PER_GROUP, coarsest);
                    long[] groupIds = groupOfMember.values().stream().mapToLong(Long::longValue).distinct().sorted().toArray();
                    stats = stats.plus(readPlan(connection, groupPlan, marks, true, groupIds, groups));
                }
                return new WindowRead(sums(series), sums(groups), plan, groupPlan, stats);
            });
        }
    }

    /** Merges a plan's rows under their series or group id. */
    private static ReadStats readPlan(Connection connection, List<Piece> plan, List<NavigableSet<Long>> marks, boolean groups, long[] keys,
                                      Map<Long, PayloadMerger> merged) throws SQLException {
        long[] rowsAndBytes = new long[2];
        PlannedRows.Row merge = row -> {
            byte[] payload = row.getBytes(4);
            merged.computeIfAbsent(row.getLong(1), id -> new PayloadMerger()).add(PayloadCodec.decode(payload), row.getInt(3));
            rowsAndBytes[0]++;
            rowsAndBytes[1] += payload.length;
        };
        if (groups) {
            GroupRows.read(connection, plan, marks, keys, merge);
        } else {
            PlannedRows.read(connection, plan, marks, keys, PlannedRows.PAYLOAD, true, merge);
        }
        return new ReadStats(rowsAndBytes[0], rowsAndBytes[1]);
    }

    private static List<SeriesSums> sums(Map<Long, PayloadMerger> merged) {
        List<SeriesSums> sums = new ArrayList<>(merged.size());
        merged.forEach((id, merger) -> sums.add(new SeriesSums(id, merger.result(), merger.snapshots())));
        sums.sort((a, b) -> Long.compare(a.seriesId(), b.seriesId()));
        return sums;
    }
}

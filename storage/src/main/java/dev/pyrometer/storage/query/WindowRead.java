package dev.pyrometer.storage.query;

import java.util.List;

/**
 * The result of reading a window: per-series sums and per-group sums (those with no data are absent), the plans
 * the reads followed, and the cost.
 *
 * @param series    sums of the series read one by one, by series id
 * @param groups    sums of the groups read whole, keyed by group id in {@link SeriesSums#seriesId()}; a group's
 *                  snapshots are those of all its members
 * @param plan      the plan of the per-series reads
 * @param groupPlan the plan of the group reads (empty when no group was read)
 */
public record WindowRead(List<SeriesSums> series, List<SeriesSums> groups, List<Piece> plan, List<Piece> groupPlan, ReadStats stats) {
    static final WindowRead EMPTY = new WindowRead(List.of(), List.of(), List.of(), List.of(), ReadStats.NONE);
}

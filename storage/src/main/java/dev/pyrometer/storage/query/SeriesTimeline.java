package dev.pyrometer.storage.query;

/**
 * One series' totals per step: {@code totals[k]} sums the snapshot totals in step k and
 * {@code snapshots[k]} counts them (0 where the series has no data).
 */
public record SeriesTimeline(long seriesId, long[] totals, int[] snapshots) {
}

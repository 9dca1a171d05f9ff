package dev.pyrometer.storage.query;

/**
 * One series' totals per step. {@code totals[k]} sums the totals of the snapshots dated in step k and
 * {@code snapshots[k]} counts them (0 where the series has none). {@code spread[k]} is the part of the
 * series' values that falls inside step k when each raw snapshot's total is spread evenly over the
 * time it covers ({@code [time, time + duration)}), in the type's unit; a snapshot without a duration,
 * and a rollup bucket, count whole in the step they are dated in. {@code covering[k]} counts the
 * snapshots whose span meets step k.
 */
public record SeriesTimeline(long seriesId, long[] totals, int[] snapshots, double[] spread, int[] covering) {
}

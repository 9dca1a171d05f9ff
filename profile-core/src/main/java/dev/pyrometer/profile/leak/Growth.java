package dev.pyrometer.profile.leak;

import dev.pyrometer.profile.buckets.Metric;

/**
 * The trend of one metric of an averaged type (inuse, goroutine) over a window.
 *
 * @param perHour   growth in the sample unit per hour: the sum over series of each series' Theil-Sen slope
 * @param p         two-sided p-value of the stratified Mann-Kendall test over every series segment
 * @param s         the Mann-Kendall S summed over segments (positive: rising)
 * @param segments  series segments (processes) with at least 3 buckets that were tested
 * @param meanLevel mean over buckets of the selection's value (sum over series), in the sample unit
 * @param rootDepth the smallest distance from the root at which the metric's function appears (0 = root)
 * @param spanHours hours from the first bucket's start to the last one's
 * @param meanTotal mean over buckets of the selection's total (all stacks), in the sample unit
 * @param starts    bucket starts, ms since the epoch, of the sparkline
 * @param sparkline the selection's value per bucket (sum over series of each series' mean in the bucket)
 */
public record Growth(Metric metric, double perHour, double p, long s, int segments, double meanLevel, int rootDepth,
                     double spanHours, double meanTotal, long[] starts, double[] sparkline) {
    /** perHour over the window's span: how much the metric grew, in the sample unit. */
    public double growthOverSpan() {
        return perHour * spanHours;
    }
}

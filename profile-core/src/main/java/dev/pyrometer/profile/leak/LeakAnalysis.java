package dev.pyrometer.profile.leak;

import dev.pyrometer.profile.buckets.BucketMatrix;
import dev.pyrometer.profile.buckets.Metric;
import dev.pyrometer.profile.stats.MannKendall;
import dev.pyrometer.profile.stats.TheilSen;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds growth in averaged types. Every series is cut into process segments ({@link Segments}); per
 * metric, the Mann-Kendall test is stratified over all segments of all series and each series' slope
 * is the Theil-Sen median over pairs within its segments. The selection grows by the sum of its
 * series' slopes. Series are never added together before the trend is taken, so a pod replaced by
 * another (a new series) or restarted (a new segment) cannot fake a trend.
 */
public final class LeakAnalysis {
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private LeakAnalysis() {
    }

    /**
     * The trend of every {@link Metric.Kind#CUM} and {@link Metric.Kind#STACK} metric of {@code series}.
     *
     * @param series one matrix per series, of an averaged type
     */
    public static List<Growth> trends(List<BucketMatrix> series) {
        BucketMatrix selection = BucketMatrix.sum(series);
        Set<Metric> metrics = new LinkedHashSet<>();
        for (Metric metric : selection.values().keySet()) {
            if (metric.kind() != Metric.Kind.FLAT) {
                metrics.add(metric);
            }
        }
        long origin = selection.size() == 0 ? 0 : selection.starts()[0];
        List<int[]> cuts = new ArrayList<>(series.size());
        List<double[]> hours = new ArrayList<>(series.size());
        for (BucketMatrix one : series) {
            cuts.add(Segments.boundaries(one.totals()));
            double[] x = new double[one.size()];
            for (int b = 0; b < x.length; b++) {
                x[b] = (one.starts()[b] - origin) / MILLIS_PER_HOUR;
            }
            hours.add(x);
        }
        double spanHours = selection.size() < 2 ? 0 : (selection.starts()[selection.size() - 1] - origin) / MILLIS_PER_HOUR;
        double meanTotal = 0;
        for (double total : selection.totals()) {
            meanTotal += total;
        }
        meanTotal = selection.size() == 0 ? 0 : meanTotal / selection.size();
        List<Growth> result = new ArrayList<>(metrics.size());
        for (Metric metric : metrics) {
            MannKendall test = new MannKendall();
            double perHour = 0;
            for (int i = 0; i < series.size(); i++) {
                double[] y = series.get(i).values(metric);
                int[] bounds = cuts.get(i);
                TheilSen slope = new TheilSen();
                for (int k = 0; k + 1 < bounds.length; k++) {
                    test.add(y, bounds[k], bounds[k + 1]);
                    slope.add(hours.get(i), y, bounds[k], bounds[k + 1]);
                }
                perHour += slope.slope();
            }
            double[] sparkline = selection.values(metric);
            double mean = 0;
            for (double value : sparkline) {
                mean += value;
            }
            mean = sparkline.length == 0 ? 0 : mean / sparkline.length;
            result.add(new Growth(metric, perHour, test.p(), test.s(), test.strata(), mean, selection.rootDepth(metric.function()),
                    spanHours, meanTotal, selection.starts(), sparkline));
        }
        return result;
    }
}

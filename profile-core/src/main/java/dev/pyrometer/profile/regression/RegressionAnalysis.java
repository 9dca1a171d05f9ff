package dev.pyrometer.profile.regression;

import dev.pyrometer.profile.buckets.BucketMatrix;
import dev.pyrometer.profile.buckets.Metric;
import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.stats.MannWhitney;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares the share of every metric between two windows with the Mann-Whitney U test, one sample
 * per bucket. A share does not move when traffic scales every function alike, so a significant
 * change in share is a change in what the code spends its cost on; the rates say how much traffic changed.
 */
public final class RegressionAnalysis {
    private RegressionAnalysis() {
    }

    /**
     * One comparison per metric present in either window, in no particular order. Buckets whose total is
     * not positive are not samples.
     */
    public static List<ShareComparison> compare(String group, Aggregation aggregation, BucketMatrix baseline, BucketMatrix comparison) {
        Set<Metric> metrics = new LinkedHashSet<>(baseline.values().keySet());
        metrics.addAll(comparison.values().keySet());
        List<ShareComparison> result = new ArrayList<>(metrics.size());
        for (Metric metric : metrics) {
            double[] before = shares(baseline, metric);
            double[] after = shares(comparison, metric);
            MannWhitney.Result test = MannWhitney.test(before, after);
            result.add(new ShareComparison(group, metric, before.length, after.length, mean(before), mean(after),
                    rate(aggregation, baseline, metric), rate(aggregation, comparison, metric), test.p(), before, after));
        }
        return result;
    }

    /** Σ value / Σ seconds over the buckets (summed types), or the mean value per bucket (averaged types). */
    public static double rate(Aggregation aggregation, BucketMatrix matrix, Metric metric) {
        double[] values = matrix.values(metric);
        double sum = 0;
        double seconds = 0;
        for (int b = 0; b < values.length; b++) {
            sum += values[b];
            seconds += matrix.seconds()[b];
        }
        if (values.length == 0) {
            return 0;
        }
        return aggregation == Aggregation.AVERAGE ? sum / values.length : sum / seconds;
    }

    /** The total's rate, as {@link #rate} for a metric. */
    public static double totalRate(Aggregation aggregation, BucketMatrix matrix) {
        double sum = 0;
        double seconds = 0;
        for (int b = 0; b < matrix.size(); b++) {
            sum += matrix.totals()[b];
            seconds += matrix.seconds()[b];
        }
        if (matrix.size() == 0) {
            return 0;
        }
        return aggregation == Aggregation.AVERAGE ? sum / matrix.size() : sum / seconds;
    }

    private static double[] shares(BucketMatrix matrix, Metric metric) {
        double[] values = matrix.values(metric);
        double[] totals = matrix.totals();
        int count = 0;
        for (double total : totals) {
            if (total > 0) {
                count++;
            }
        }
        double[] shares = new double[count];
        int k = 0;
        for (int b = 0; b < totals.length; b++) {
            if (totals[b] > 0) {
                shares[k++] = values[b] / totals[b];
            }
        }
        return shares;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }
}

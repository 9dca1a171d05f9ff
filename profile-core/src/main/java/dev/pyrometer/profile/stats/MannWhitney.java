package dev.pyrometer.profile.stats;

import java.util.Arrays;

/**
 * The two-sided Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples, as benchstat
 * applies it: with no ties and both samples of at most {@value #EXACT_LIMIT} values the p-value is
 * exact (the null distribution of U counted over all arrangements); otherwise it is the normal
 * approximation with the tie correction of the variance and a continuity correction of ½.
 */
public final class MannWhitney {
    /** Largest sample size for which the exact distribution is used. */
    public static final int EXACT_LIMIT = 20;

    private MannWhitney() {
    }

    /**
     * @param u1 U of the first sample: the number of pairs (a, b) with a &gt; b, ties counting ½
     * @param p  two-sided p-value; 1 when either sample is empty or every value is tied
     */
    public record Result(double u1, double p, int n1, int n2) {
    }

    public static Result test(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        if (n1 == 0 || n2 == 0) {
            return new Result(Double.NaN, 1.0, n1, n2);
        }
        int n = n1 + n2;
        double[] values = new double[n];
        boolean[] first = new boolean[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            values[i] = i < n1 ? a[i] : b[i - n1];
            first[i] = i < n1;
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double rankSum1 = 0;
        double tieTerm = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            int t = end - start + 1;
            tieTerm += (double) t * t * t - t;
            for (int k = start; k <= end; k++) {
                if (first[order[k]]) {
                    rankSum1 += rank;
                }
            }
            start = end + 1;
        }
        double u1 = rankSum1 - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double) n2 / 2;
        if (tieTerm == 0 && n1 <= EXACT_LIMIT && n2 <= EXACT_LIMIT) {
            return new Result(u1, exactTwoSided(u1, n1, n2), n1, n2);
        }
        double variance = n1 * (double) n2 / 12 * ((n + 1) - tieTerm / ((double) n * (n - 1)));
        if (variance <= 0) {
            return new Result(u1, 1.0, n1, n2);
        }
        double distance = Math.max(0, Math.abs(u1 - mean) - 0.5);
        return new Result(u1, Normal.twoSidedP(distance / Math.sqrt(variance)), n1, n2);
    }

    /** 2·P(U ≤ min(u, n1·n2 − u)) under the null, from the counts of arrangements by U. */
    private static double exactTwoSided(double u, int n1, int n2) {
        double[] counts = UDistribution.counts(n1, n2);
        double total = 0;
        for (double c : counts) {
            total += c;
        }
        long low = (long) Math.floor(Math.min(u, (double) n1 * n2 - u));
        double tail = 0;
        for (int k = 0; k <= low; k++) {
            tail += counts[k];
        }
        return Math.min(1.0, 2 * tail / total);
    }
}

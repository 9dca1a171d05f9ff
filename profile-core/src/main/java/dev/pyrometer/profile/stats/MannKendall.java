package dev.pyrometer.profile.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * The Mann-Kendall trend test, stratified: S and its null variance are computed per stratum (a
 * series segment, e.g. one process) and summed, so a trend is judged within each stratum and a
 * jump between strata (a restart) counts for nothing. The p-value is two-sided, from the normal
 * approximation with the tie-corrected variance and a continuity correction of 1.
 */
public final class MannKendall {
    private long s;
    private double variance;
    private int strata;

    /** Adds one stratum: values in time order; fewer than 3 values add nothing. */
    public void add(double[] values, int from, int to) {
        int n = to - from;
        if (n < 3) {
            return;
        }
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                s += Double.compare(values[j], values[i]) > 0 ? 1 : values[j] == values[i] ? 0 : -1;
            }
        }
        Map<Double, Integer> ties = new HashMap<>();
        for (int i = from; i < to; i++) {
            ties.merge(values[i], 1, Integer::sum);
        }
        double tieTerm = 0;
        for (int t : ties.values()) {
            tieTerm += (double) t * (t - 1) * (2 * t + 5);
        }
        variance += ((double) n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
        strata++;
    }

    /** Σ sign(x_j − x_i) over the pairs i &lt; j within each stratum. */
    public long s() {
        return s;
    }

    public int strata() {
        return strata;
    }

    /** The two-sided p-value; 1 when no stratum has a pair that is not tied. */
    public double p() {
        if (variance <= 0) {
            return 1.0;
        }
        double corrected = s > 0 ? s - 1 : s < 0 ? s + 1 : 0;
        return Normal.twoSidedP(corrected / Math.sqrt(variance));
    }
}

package dev.pyrometer.profile.stats;

import java.util.Arrays;

/**
 * The Theil-Sen slope: the median of the slopes (y_j − y_i)/(x_j − x_i) over pairs i &lt; j with
 * x_i ≠ x_j. Pairs are taken only within strata (segments), so a jump between segments (a restart)
 * is not read as a slope. Robust: up to about 29 % of the points may be outliers.
 */
public final class TheilSen {
    private double[] slopes = new double[16];
    private int count;

    /** Adds the pairs of one stratum {@code [from, to)} of points (x, y). */
    public void add(double[] x, double[] y, int from, int to) {
        for (int i = from; i < to; i++) {
            for (int j = i + 1; j < to; j++) {
                if (x[j] != x[i]) {
                    if (count == slopes.length) {
                        slopes = Arrays.copyOf(slopes, count * 2);
                    }
                    slopes[count++] = (y[j] - y[i]) / (x[j] - x[i]);
                }
            }
        }
    }

    /** The median slope, in y units per x unit; 0 with no pairs. */
    public double slope() {
        if (count == 0) {
            return 0;
        }
        double[] sorted = Arrays.copyOf(slopes, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}

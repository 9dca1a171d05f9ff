package dev.pyrometer.profile.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact null distribution of the Mann-Whitney U statistic without ties: {@code counts(m, n)[u]}
 * is the number of orderings of m values of one sample among n of the other in which U = u. It
 * follows the recurrence f(u; m, n) = f(u − n; m − 1, n) + f(u; m, n − 1), with f(0; 0, n) = f(0; m, 0) = 1.
 * Tables are memoised per (m, n); thread-safe.
 */
final class UDistribution {
    private static final Map<Long, double[]> CACHE = new ConcurrentHashMap<>();

    private UDistribution() {
    }

    static double[] counts(int m, int n) {
        return CACHE.computeIfAbsent(((long) m << 32) | n, key -> compute(m, n));
    }

    private static double[] compute(int m, int n) {
        // table[i][j] = distribution for sizes (i, j), built up to (m, n)
        double[][][] table = new double[m + 1][n + 1][];
        for (int i = 0; i <= m; i++) {
            for (int j = 0; j <= n; j++) {
                double[] f = new double[i * j + 1];
                if (i == 0 || j == 0) {
                    f[0] = 1;
                } else {
                    double[] left = table[i - 1][j];
                    double[] down = table[i][j - 1];
                    for (int u = 0; u < f.length; u++) {
                        double value = 0;
                        if (u - j >= 0 && u - j < left.length) {
                            value += left[u - j];
                        }
                        if (u < down.length) {
                            value += down[u];
                        }
                        f[u] = value;
                    }
                }
                table[i][j] = f;
            }
        }
        return table[m][n];
    }
}

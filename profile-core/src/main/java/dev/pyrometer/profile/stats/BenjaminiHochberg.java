package dev.pyrometer.profile.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Benjamini-Hochberg adjusted p-values ("q-values"): rejecting every test whose q is at most α keeps
 * the expected share of false discoveries among the rejections at most α (for independent or
 * positively dependent tests).
 */
public final class BenjaminiHochberg {
    private BenjaminiHochberg() {
    }

    /** {@code q[i]} for {@code p[i]}: min over k ≥ rank(i) of p_(k)·m/k, capped at 1. NaN p-values are not counted in m and stay NaN. */
    public static double[] adjust(double[] p) {
        Integer[] order = IntStream.range(0, p.length).filter(i -> !Double.isNaN(p[i])).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] q = new double[p.length];
        Arrays.fill(q, Double.NaN);
        int m = order.length;
        double running = 1.0;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, p[i] * m / rank);
            q[i] = running;
        }
        return q;
    }
}

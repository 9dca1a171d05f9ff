package dev.pyrometer.profile.leak;

import dev.pyrometer.profile.stats.BenjaminiHochberg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Corrects a family of trends for multiple testing (Benjamini-Hochberg) and orders it: significant
 * growth first, by growth per hour descending (compared to 9 significant digits). A trend counts only when it is
 * material: a few bytes or one goroutine more after a restart is a real but negligible step, not a leak. Functions on one leaking path grow by the same amount;
 * among equal growth the smaller mean level comes first (the growth is more of what it holds), then
 * the function nearer the root (a caller before the callees it always calls), then the name.
 */
public final class LeakRanking {
    /** A significant trend must add at least this share of the selection's mean total over the window. */
    public static final double MATERIAL_SHARE = 0.01;

    private static final Comparator<RankedGrowth> ORDER = Comparator
            .comparing((RankedGrowth g) -> !g.significant())
            .thenComparing(g -> g.significant() ? -digits(g.growth().perHour()) : g.q())
            .thenComparingDouble(g -> g.growth().meanLevel())
            .thenComparingInt(g -> g.growth().rootDepth())
            .thenComparing(g -> g.growth().metric().function())
            .thenComparing(g -> String.join(";", g.growth().metric().stack()));

    private LeakRanking() {
    }

    public static List<RankedGrowth> rank(List<Growth> family, double alpha) {
        double[] q = BenjaminiHochberg.adjust(family.stream().mapToDouble(Growth::p).toArray());
        List<RankedGrowth> ranked = new ArrayList<>(family.size());
        for (int i = 0; i < q.length; i++) {
            Growth growth = family.get(i);
            boolean material = growth.growthOverSpan() >= MATERIAL_SHARE * growth.meanTotal();
            ranked.add(new RankedGrowth(growth, q[i], q[i] <= alpha && growth.s() > 0 && growth.perHour() > 0 && material));
        }
        ranked.sort(ORDER);
        return ranked;
    }

    /** {@code value} to 9 significant digits, so growths that differ only by floating-point rounding tie. */
    private static double digits(double value) {
        return value == 0 || !Double.isFinite(value) ? value : new java.math.BigDecimal(value).round(new java.math.MathContext(9)).doubleValue();
    }
}

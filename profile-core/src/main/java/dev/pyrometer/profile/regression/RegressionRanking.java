package dev.pyrometer.profile.regression;

import dev.pyrometer.profile.stats.BenjaminiHochberg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Corrects a family of comparisons for multiple testing (Benjamini-Hochberg) and orders it:
 * significant changes first, by |share change| descending; then the rest by q ascending; ties by
 * metric name.
 */
public final class RegressionRanking {
    private static final Comparator<RankedChange> ORDER = Comparator
            .comparing((RankedChange c) -> !c.significant())
            .thenComparing(c -> c.significant() ? -Math.abs(c.comparison().shareChange()) : c.q())
            .thenComparing(c -> c.comparison().group())
            .thenComparing(c -> c.comparison().metric().function())
            .thenComparing(c -> c.comparison().metric().kind())
            .thenComparing(c -> String.join(";", c.comparison().metric().stack()));

    private RegressionRanking() {
    }

    /** @param alpha the false discovery rate to control, e.g. 0.05 */
    public static List<RankedChange> rank(List<ShareComparison> family, double alpha) {
        double[] p = family.stream().mapToDouble(ShareComparison::p).toArray();
        double[] q = BenjaminiHochberg.adjust(p);
        List<RankedChange> ranked = new ArrayList<>(family.size());
        for (int i = 0; i < q.length; i++) {
            ShareComparison comparison = family.get(i);
            ranked.add(new RankedChange(comparison, q[i], q[i] <= alpha && comparison.shareChange() != 0));
        }
        ranked.sort(ORDER);
        return ranked;
    }
}

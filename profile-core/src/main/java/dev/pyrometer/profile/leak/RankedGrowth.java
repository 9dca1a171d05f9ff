package dev.pyrometer.profile.leak;

/**
 * A trend with its Benjamini-Hochberg q-value within its family.
 *
 * @param significant q ≤ α, the trend rises (S &gt; 0, slope &gt; 0) and is material: over the window it adds at least
 *                    {@link LeakRanking#MATERIAL_SHARE} of the selection's mean total
 */
public record RankedGrowth(Growth growth, double q, boolean significant) {
}

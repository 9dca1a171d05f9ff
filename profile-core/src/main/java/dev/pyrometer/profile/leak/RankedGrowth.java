package dev.pyrometer.profile.leak;

/**
 * A trend with its Benjamini-Hochberg q-value within its family.
 *
 * @param significant q ≤ α and the trend rises (S &gt; 0, slope &gt; 0): growth worth reporting
 */
public record RankedGrowth(Growth growth, double q, boolean significant) {
}

package dev.pyrometer.profile.regression;

/**
 * A comparison with its Benjamini-Hochberg q-value within its family.
 *
 * @param significant q ≤ α and the share moved
 */
public record RankedChange(ShareComparison comparison, double q, boolean significant) {
    /** A significant rise in share: for a cost such as cpu time, a regression. */
    public boolean regression() {
        return significant && comparison.shareChange() > 0;
    }

    /** A significant fall in share. */
    public boolean improvement() {
        return significant && comparison.shareChange() < 0;
    }
}

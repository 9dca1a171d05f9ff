package dev.pyrometer.profile.regression;

import dev.pyrometer.profile.buckets.Metric;

/**
 * One metric in two windows. Each bucket with data is one sample; a sample's share is the metric's
 * value over the bucket's total, in [0, 1] for non-negative profiles.
 *
 * @param group            what the windows were read for (a service in a fleet report), "" otherwise
 * @param baselineCount    samples (buckets with data) of the baseline window
 * @param comparisonCount  samples of the comparison window
 * @param baselineShare    mean share over the baseline's samples
 * @param comparisonShare  mean share over the comparison's samples
 * @param baselineRate     the metric per second of wall time covered (summed types), or its mean (averaged types), in the sample unit
 * @param comparisonRate   the same for the comparison window
 * @param p                two-sided Mann-Whitney p-value of the two share samples
 * @param baselineShares   the baseline's samples, in bucket order
 * @param comparisonShares the comparison's samples, in bucket order
 */
public record ShareComparison(String group, Metric metric, int baselineCount, int comparisonCount, double baselineShare,
                              double comparisonShare, double baselineRate, double comparisonRate, double p,
                              double[] baselineShares, double[] comparisonShares) {

    /** comparisonShare − baselineShare, as a fraction of the total (0.01 = one percentage point). */
    public double shareChange() {
        return comparisonShare - baselineShare;
    }

    /** comparisonRate − baselineRate, in the sample unit per second (or, averaged, the sample unit). */
    public double rateChange() {
        return comparisonRate - baselineRate;
    }
}

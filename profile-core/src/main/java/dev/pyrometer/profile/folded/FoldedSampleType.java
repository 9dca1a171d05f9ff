package dev.pyrometer.profile.folded;

/**
 * The one sample type of a pprof made from collapsed stacks.
 *
 * @param type       sample type, e.g. {@code cpu}
 * @param unit       its unit, e.g. {@code nanoseconds}
 * @param periodType period type; empty for none
 * @param periodUnit period unit; empty for none
 * @param period     the pprof's period (e.g. nanoseconds between CPU samples); 0 for none
 * @param scale      each count is multiplied by this (e.g. the period, to turn samples into nanoseconds); at least 1
 */
public record FoldedSampleType(String type, String unit, String periodType, String periodUnit, long period, long scale) {
    public FoldedSampleType {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, was " + scale);
        }
    }
}

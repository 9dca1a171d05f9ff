package dev.pyrometer.profile.validation;

/**
 * Size limits for one uploaded profile. Byte sizes are bytes; counts are per upload except
 * where named per series or per label.
 *
 * @param maxCompressedBytes   largest pprof payload as sent (gzipped or plain)
 * @param maxDecompressedBytes largest pprof after inflating; inflating stops at this size
 * @param maxSamples           most samples in one pprof
 * @param maxStackDepth        most frames in one stack, after inline expansion
 * @param maxLabelsPerSeries   most labels on one series, request and pprof sample labels together
 * @param maxLabelNameLength   longest label name, in chars
 * @param maxLabelValueLength  longest label value, in chars
 */
public record ProfileLimits(
        int maxCompressedBytes,
        int maxDecompressedBytes,
        int maxSamples,
        int maxStackDepth,
        int maxLabelsPerSeries,
        int maxLabelNameLength,
        int maxLabelValueLength) {

    /** Defaults that admit any real Go or JVM profile and bound one upload's memory to tens of MB. */
    public static ProfileLimits defaults() {
        return new ProfileLimits(4 << 20, 32 << 20, 200_000, 1024, 32, 128, 1024);
    }
}

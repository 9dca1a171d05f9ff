package dev.pyrometer.profile.validation;

/**
 * Size limits for one uploaded profile. Byte sizes are bytes; counts are per upload except
 * where named per series or per label. The table counts are checked on the raw protobuf before
 * anything is allocated in proportion to them, so together they bound the memory of one decode
 * (docs/ingest.md, "Limits and memory", derives the bound).
 *
 * @param maxCompressedBytes   largest pprof payload as sent (gzipped or plain)
 * @param maxDecompressedBytes largest pprof after inflating; inflating stops at this size
 * @param maxSamples           most samples in one pprof
 * @param maxStackDepth        most frames in one stack, after inline expansion
 * @param maxLabelsPerSeries   most labels on one series, request and pprof sample labels together
 * @param maxLabelNameLength   longest label name, in chars
 * @param maxLabelValueLength  longest label value, in chars
 * @param maxSampleTypes       most sample types (values per sample) in one pprof
 * @param maxStrings           most string_table entries
 * @param maxFunctions         most Function entries
 * @param maxLocations         most Location entries
 * @param maxLines             most Line entries, summed over all locations
 * @param maxMappings          most Mapping entries
 * @param maxSampleLabels      most Label entries, string and numeric, summed over all samples
 * @param maxStackFrames       most frames, after inline expansion, summed over the distinct stacks
 *                             (distinct location-id sequences); samples sharing a stack count it once
 */
public record ProfileLimits(
        int maxCompressedBytes,
        int maxDecompressedBytes,
        int maxSamples,
        int maxStackDepth,
        int maxLabelsPerSeries,
        int maxLabelNameLength,
        int maxLabelValueLength,
        int maxSampleTypes,
        int maxStrings,
        int maxFunctions,
        int maxLocations,
        int maxLines,
        int maxMappings,
        int maxSampleLabels,
        int maxStackFrames) {

    public static final int DEFAULT_MAX_SAMPLE_TYPES = 8;
    public static final int DEFAULT_MAX_STRINGS = 500_000;
    public static final int DEFAULT_MAX_FUNCTIONS = 200_000;
    public static final int DEFAULT_MAX_LOCATIONS = 200_000;
    public static final int DEFAULT_MAX_LINES = 500_000;
    public static final int DEFAULT_MAX_MAPPINGS = 10_000;
    public static final int DEFAULT_MAX_SAMPLE_LABELS = 1_000_000;
    public static final int DEFAULT_MAX_STACK_FRAMES = 4_000_000;

    /** The first seven limits as given; the table and stack limits at their defaults. */
    public ProfileLimits(int maxCompressedBytes, int maxDecompressedBytes, int maxSamples, int maxStackDepth,
                         int maxLabelsPerSeries, int maxLabelNameLength, int maxLabelValueLength) {
        this(maxCompressedBytes, maxDecompressedBytes, maxSamples, maxStackDepth,
                maxLabelsPerSeries, maxLabelNameLength, maxLabelValueLength,
                DEFAULT_MAX_SAMPLE_TYPES, DEFAULT_MAX_STRINGS, DEFAULT_MAX_FUNCTIONS, DEFAULT_MAX_LOCATIONS,
                DEFAULT_MAX_LINES, DEFAULT_MAX_MAPPINGS, DEFAULT_MAX_SAMPLE_LABELS, DEFAULT_MAX_STACK_FRAMES);
    }

    /**
     * Defaults that admit any real Go or JVM profile (the largest seen hold tens of thousands of
     * functions and locations) and bound the heap of one decode as docs/ingest.md derives.
     */
    public static ProfileLimits defaults() {
        return new ProfileLimits(4 << 20, 32 << 20, 200_000, 1024, 32, 128, 1024);
    }
}

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
    public static final int DEFAULT_MAX_SAMPLE_LABELS = 500_000;
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

    /**
     * The most heap, in bytes, that decoding one profile within these limits can hold reachable
     * at once (the inflated bytes, the symbol tables, the decoded strings and the result), with
     * compressed object pointers. Each term is the worst case of one structure; docs/ingest.md
     * ("Limits and memory") explains them. B is maxDecompressedBytes; Str, F, Loc, Ln, M, T, S,
     * Lb, E and D are the other limits.
     *
     * <pre>
     *   B                                        inflated protobuf (2B while a lying gzip trailer is corrected)
     * + 12 Str + 16 T + 19 M + 35 F + 43 Loc + 20 Ln   tables read from the wire, id indexes, frame slots
     * + 94 Str + 4 B                             decoded strings, each at most twice (raw, and NUL replaced), UTF-16 at worst
     * + 49 min(E, Ln + Loc) + 64 Loc             interned frames; address text of locations without lines
     * + (44 + 8 T) S                             samples: record, values, list slot
     * + 63 S + 8 E                               distinct stacks: location sequence and expanded frames
     * + 89 S + 36 Lb                             distinct label sets
     * + 4 D + 8 T + 8 Lb + 1024                  per-sample scratch and fixed state
     * </pre>
     */
    public long decodeHeapBound() {
        long b = maxDecompressedBytes;
        long str = maxStrings, f = maxFunctions, loc = maxLocations, ln = maxLines, m = maxMappings;
        long t = maxSampleTypes, s = maxSamples, lb = maxSampleLabels, e = maxStackFrames, d = maxStackDepth;
        long tables = 12 * str + 16 * t + 19 * m + 35 * f + 43 * loc + 20 * ln;
        long strings = 94 * str + 4 * b;
        long frames = 49 * Math.min(e, ln + loc) + 64 * loc;
        long samples = (44 + 8 * t) * s;
        long stacks = 63 * s + 8 * e;
        long labelSets = 89 * s + 36 * lb;
        long scratch = 4 * d + 8 * t + 8 * lb + 1024;
        long rest = tables + strings + frames + samples + stacks + labelSets + scratch;
        return b + Math.max(b, rest);
    }
}

package dev.pyrometer.profile.validation;

/**
 * Why an uploaded profile was refused. The lower-case name is the {@code reason} tag of the
 * rejection metric. Every problem is permanent: it lies in the profile itself (including a limit
 * the profile breaks), so sending the same profile again fails the same way and a transport must
 * answer with a code that clients do not retry.
 */
public enum Problem {
    NOT_PPROF,
    /** A JFR upload that is not a Flight Recorder recording (no chunk magic, an unsupported version or encoding). */
    NOT_JFR,
    TRUNCATED,
    COMPRESSED_TOO_LARGE,
    DECOMPRESSED_TOO_LARGE,
    DANGLING_REFERENCE,
    STRING_INDEX_OUT_OF_RANGE,
    MALFORMED,
    TOO_MANY_SAMPLES,
    STACK_TOO_DEEP,
    /** More sample types than {@link ProfileLimits#maxSampleTypes()}. */
    TOO_MANY_SAMPLE_TYPES,
    /** A symbol table (strings, functions, locations, lines, mappings) over its limit. */
    TOO_MANY_SYMBOLS,
    /** More sample labels than {@link ProfileLimits#maxSampleLabels()}. */
    TOO_MANY_SAMPLE_LABELS,
    /** The distinct stacks hold more frames than {@link ProfileLimits#maxStackFrames()}. */
    TOO_MANY_STACK_FRAMES,
    /** A sample value below zero. */
    NEGATIVE_VALUE,
    MISSING_SERVICE_NAME,
    INVALID_LABEL,
    TOO_MANY_LABELS,
    LABEL_TOO_LONG,
    MISSING_ID,
    TIME_OUT_OF_RANGE,
    TOO_MANY_SERIES,
    MISSING_TIME;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

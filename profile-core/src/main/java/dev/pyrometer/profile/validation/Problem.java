package dev.pyrometer.profile.validation;

/**
 * Why an uploaded profile was refused. The lower-case name is the {@code reason} tag of the
 * rejection metric; {@link #sizeLimit} tells a transport to answer "resource exhausted" rather
 * than "invalid argument".
 */
public enum Problem {
    NOT_PPROF(false),
    TRUNCATED(false),
    COMPRESSED_TOO_LARGE(true),
    DECOMPRESSED_TOO_LARGE(true),
    DANGLING_REFERENCE(false),
    STRING_INDEX_OUT_OF_RANGE(false),
    MALFORMED(false),
    TOO_MANY_SAMPLES(true),
    STACK_TOO_DEEP(true),
    MISSING_SERVICE_NAME(false),
    INVALID_LABEL(false),
    TOO_MANY_LABELS(true),
    LABEL_TOO_LONG(true),
    MISSING_ID(false),
    TIME_OUT_OF_RANGE(false),
    MISSING_TIME(false);

    private final boolean sizeLimit;

    Problem(boolean sizeLimit) {
        this.sizeLimit = sizeLimit;
    }

    public boolean sizeLimit() {
        return sizeLimit;
    }

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

package dev.pyrometer.profile.validation;

/**
 * Why an uploaded profile was refused. The lower-case name is the {@code reason} tag of the
 * rejection metric. Every problem is permanent: it lies in the profile itself (including a limit
 * the profile breaks), so sending the same profile again fails the same way and a transport must
 * answer with a code that clients do not retry.
 */
public enum Problem {
    NOT_PPROF,
    TRUNCATED,
    COMPRESSED_TOO_LARGE,
    DECOMPRESSED_TOO_LARGE,
    DANGLING_REFERENCE,
    STRING_INDEX_OUT_OF_RANGE,
    MALFORMED,
    TOO_MANY_SAMPLES,
    STACK_TOO_DEEP,
    MISSING_SERVICE_NAME,
    INVALID_LABEL,
    TOO_MANY_LABELS,
    LABEL_TOO_LONG,
    MISSING_ID,
    TIME_OUT_OF_RANGE,
    MISSING_TIME;

    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

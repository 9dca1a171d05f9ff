package dev.pyrometer.ingest.tenant;

import java.util.regex.Pattern;

/**
 * The tenant of a push, on every edge: the {@code X-Scope-OrgID} header (as Pyroscope names it),
 * 1 to 64 of {@code [A-Za-z0-9_.-]}, or {@value #DEFAULT_TENANT} without one.
 */
public final class TenantIds {
    public static final String DEFAULT_TENANT = "default";
    /** The header's name; gRPC metadata spells it in lower case. */
    public static final String HEADER = "X-Scope-OrgID";
    public static final String INVALID_MESSAGE = "tenant header x-scope-orgid must be 1 to 64 of [A-Za-z0-9_.-]";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");

    private TenantIds() {
    }

    /**
     * The tenant a header value names: {@value #DEFAULT_TENANT} for null or empty.
     *
     * @throws IllegalArgumentException with {@link #INVALID_MESSAGE} for a malformed value
     */
    public static String of(String header) {
        if (header == null || header.isEmpty()) {
            return DEFAULT_TENANT;
        }
        if (!VALID.matcher(header).matches()) {
            throw new IllegalArgumentException(INVALID_MESSAGE);
        }
        return header;
    }
}

package dev.pyrometer.ingest.pipeline;

import java.time.Duration;

/**
 * Why a push was refused, independent of the transport it came by; each edge maps the kind to its
 * own status (gRPC status, HTTP status, Connect code). Nothing of a refused push is stored.
 */
public final class PushRefusal extends Exception {
    /** What the sender should do about it. */
    public enum Kind {
        /** Malformed input or a limit the push itself breaks: the same push fails the same way again; never retry it. */
        INVALID,
        /** The write queue or the inbound budget is full, or would not reach the push in time: retry after {@link #retryAfter()}. */
        OVERLOADED,
        /** The database is unavailable, or a write failed: retry after {@link #retryAfter()}. */
        UNAVAILABLE,
        /** The request's body is over the size limit (an HTTP edge's refusal): never retry it as it is. */
        TOO_LARGE,
        /** The caller left before a writer took the push. */
        ABANDONED
    }

    /** The rejection reason of a request an HTTP edge could not turn into a push (bad parameters, form or format). */
    public static final String BAD_REQUEST = "bad_request";

    private final Kind kind;
    private final int profileIndex;
    private final Duration retryAfter;
    private final String reason;

    private PushRefusal(Kind kind, String message, int profileIndex, Duration retryAfter, String reason) {
        super(message, null, false, false);
        this.kind = kind;
        this.profileIndex = profileIndex;
        this.retryAfter = retryAfter;
        this.reason = reason;
    }

    private PushRefusal(Kind kind, String message, int profileIndex, Duration retryAfter) {
        this(kind, message, profileIndex, retryAfter, BAD_REQUEST);
    }

    public static PushRefusal invalid(String message) {
        return new PushRefusal(Kind.INVALID, message, -1, Duration.ZERO);
    }

    /** A permanent refusal with the rejection metric's {@code reason} tag, e.g. a {@code Problem}'s tag. */
    public static PushRefusal invalid(String message, String reason) {
        return new PushRefusal(Kind.INVALID, message, -1, Duration.ZERO, reason);
    }

    /** One profile of the push, at {@code profileIndex}, is invalid. */
    public static PushRefusal invalidProfile(String message, int profileIndex) {
        return new PushRefusal(Kind.INVALID, message, profileIndex, Duration.ZERO);
    }

    public static PushRefusal overloaded(String message, Duration retryAfter) {
        return new PushRefusal(Kind.OVERLOADED, message, -1, retryAfter);
    }

    public static PushRefusal unavailable(String message, Duration retryAfter) {
        return new PushRefusal(Kind.UNAVAILABLE, message, -1, retryAfter);
    }

    public static PushRefusal tooLarge(String message) {
        return new PushRefusal(Kind.TOO_LARGE, message, -1, Duration.ZERO);
    }

    public static PushRefusal abandoned(String message) {
        return new PushRefusal(Kind.ABANDONED, message, -1, Duration.ZERO);
    }

    /** The rejection metric's reason tag for a refusal made before the push reached the pipeline. */
    public String reason() {
        return reason;
    }

    public Kind kind() {
        return kind;
    }

    /** The index of the refused profile in its push, or -1 when the push as a whole was refused. */
    public int profileIndex() {
        return profileIndex;
    }

    /** How long a transient refusal asks the sender to wait; zero for permanent ones. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

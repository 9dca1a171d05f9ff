package dev.pyrometer.protocol.connect;

import java.time.Duration;

/**
 * A Connect call's failure, answered as {@code {"code": …, "message": …}} with the code's HTTP
 * status. A transient refusal carries how long the client should wait before retrying (sent as
 * {@code Retry-After}); a permanent one carries none.
 */
public final class ConnectException extends RuntimeException {
    private final ConnectCode code;
    private final Duration retryAfter;

    public ConnectException(ConnectCode code, String message) {
        this(code, message, null);
    }

    public ConnectException(ConnectCode code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public ConnectCode code() {
        return code;
    }

    /** The least wait before a retry, or null for a refusal that must not be retried as it is. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

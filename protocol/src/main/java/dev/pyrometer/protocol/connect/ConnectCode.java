package dev.pyrometer.protocol.connect;

import java.util.Locale;

/**
 * The Connect protocol's error codes with the HTTP status each is answered with, as the Connect
 * specification maps them (connectrpc.com/docs/protocol, "Error Codes"). The wire name is the
 * lower-case constant name, e.g. {@code invalid_argument}.
 */
public enum ConnectCode {
    CANCELED(499),
    UNKNOWN(500),
    INVALID_ARGUMENT(400),
    DEADLINE_EXCEEDED(504),
    NOT_FOUND(404),
    ALREADY_EXISTS(409),
    PERMISSION_DENIED(403),
    RESOURCE_EXHAUSTED(429),
    FAILED_PRECONDITION(400),
    ABORTED(409),
    OUT_OF_RANGE(400),
    UNIMPLEMENTED(501),
    INTERNAL(500),
    UNAVAILABLE(503),
    DATA_LOSS(500),
    UNAUTHENTICATED(401);

    private final int httpStatus;

    ConnectCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code as it appears in an error body's {@code code} field. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

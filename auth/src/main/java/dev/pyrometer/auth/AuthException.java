package dev.pyrometer.auth;

/**
 * A refused request: {@link Kind#UNAUTHENTICATED} when no valid credentials came (gRPC UNAUTHENTICATED, HTTP 401),
 * {@link Kind#PERMISSION_DENIED} when valid credentials may not do this (gRPC PERMISSION_DENIED, HTTP 403).
 * The message is safe to return to the client and to log: it never contains a secret.
 */
public class AuthException extends RuntimeException {
    public enum Kind { UNAUTHENTICATED, PERMISSION_DENIED }

    private final Kind kind;

    public AuthException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static AuthException unauthenticated(String message) {
        return new AuthException(Kind.UNAUTHENTICATED, message);
    }

    public static AuthException permissionDenied(String message) {
        return new AuthException(Kind.PERMISSION_DENIED, message);
    }

    public Kind kind() {
        return kind;
    }
}

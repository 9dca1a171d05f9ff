package dev.pyrometer.auth;

/**
 * Turns a request's credentials into a {@link Principal}. Every edge (gRPC metadata {@code authorization}, HTTP
 * header {@code Authorization}) passes the raw header value.
 *
 * <p>Accepted forms: {@code Bearer <token>} and {@code Basic base64(user:token)}: the password is the token (so
 * Pyroscope SDKs' basicAuthUser/basicAuthPassword and {@code go tool pprof https://tenant:token@host/...} work). A
 * Basic user equal to one of the token's tenants narrows the principal to that tenant; any other user name
 * (including empty) is ignored. With an empty password the user name is taken as the token. Anything else, or a
 * missing header, is UNAUTHENTICATED.
 */
public interface Authenticator {
    /** The principal; {@link AuthException} UNAUTHENTICATED when the header is missing, malformed or not a valid token. */
    Principal authenticate(String authorizationHeaderOrNull);

    /**
     * As {@link #authenticate(String)}, naming where the request came from for the audit line of a refusal:
     * {@code edge} e.g. grpc, http, dashboard; {@code remote} the peer address. Either may be null.
     */
    default Principal authenticate(String authorizationHeaderOrNull, String edge, String remote) {
        return authenticate(authorizationHeaderOrNull);
    }

    /** Whether credentials are checked; false for {@link #OFF}. */
    default boolean enforcing() {
        return true;
    }

    /** Authentication off: everyone is {@link Principal#ANONYMOUS}, whatever they send. */
    Authenticator OFF = new Authenticator() {
        @Override
        public Principal authenticate(String authorizationHeaderOrNull) {
            return Principal.ANONYMOUS;
        }

        @Override
        public boolean enforcing() {
            return false;
        }

        @Override
        public String toString() {
            return "Authenticator.OFF";
        }
    };
}

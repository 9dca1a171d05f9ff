package dev.pyrometer.auth;

import jakarta.servlet.ServletRequest;

/** Reads the request's {@link Principal}, as the service's HTTP auth filter stored it. */
public final class Principals {
    private Principals() {
    }

    /**
     * The principal under {@link Principal#REQUEST_ATTRIBUTE}. Without one: {@link Principal#ANONYMOUS} when
     * {@code authenticator} does not enforce (auth off), else UNAUTHENTICATED: a request the filter did not
     * authenticate is refused rather than trusted.
     */
    public static Principal of(ServletRequest request, Authenticator authenticator) {
        Object principal = request.getAttribute(Principal.REQUEST_ATTRIBUTE);
        if (principal instanceof Principal known) {
            return known;
        }
        if (!authenticator.enforcing()) {
            return Principal.ANONYMOUS;
        }
        throw AuthException.unauthenticated("authentication required: send Authorization: Bearer <token>");
    }
}

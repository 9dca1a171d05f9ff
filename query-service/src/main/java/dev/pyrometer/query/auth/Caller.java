package dev.pyrometer.query.auth;

import dev.pyrometer.auth.Principal;

/**
 * Who sent a request and how: {@code sessionCookie} is the cookie's value when the session cookie (not an
 * Authorization header) authenticated it, else null. Requests carried by the cookie must prove they came from
 * the dashboard (CSRF header) before they change anything.
 */
public record Caller(Principal principal, String sessionCookie) {
    public static final String REQUEST_ATTRIBUTE = "dev.pyrometer.query.auth.Caller";

    public boolean bySession() {
        return sessionCookie != null;
    }
}

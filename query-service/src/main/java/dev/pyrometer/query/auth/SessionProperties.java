package dev.pyrometer.query.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The dashboard's sign-in, bound from {@code pyrometer.session.*} and {@code pyrometer.session.admin.*}.
 *
 * @param key   base64 of at least 32 random bytes, the same on every replica: it encrypts and signs session cookies
 *              and CSRF tokens. Empty: a random key per process (sessions then hold only on the replica that made
 *              them, and end when it restarts)
 * @param ttl   how long a session lasts after sign-in (the token behind it is re-checked on every request)
 * @param admin the local admin, who signs in with a user name and password instead of a token
 */
@ConfigurationProperties("pyrometer.session")
public record SessionProperties(String key, Duration ttl, Admin admin) {
    /**
     * @param user         the local admin's user name; empty: no local admin
     * @param passwordHash its password as {@link PasswordHash} writes it ({@code pbkdf2-sha256:ITERATIONS:SALT:HASH})
     */
    public record Admin(String user, String passwordHash) {
        public boolean configured() {
            return user != null && !user.isBlank() && passwordHash != null && !passwordHash.isBlank();
        }
    }
}

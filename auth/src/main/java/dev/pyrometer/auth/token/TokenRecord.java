package dev.pyrometer.auth.token;

import dev.pyrometer.auth.Principal;
import dev.pyrometer.auth.Scope;

import java.time.Instant;

/** What verification needs of a stored token, detached from JPA so it can sit in the cache. */
record TokenRecord(byte[] secretHash, Principal principal, boolean revoked, Instant expiresAt) {
    /** Compared against when the id is unknown, so both paths hash and compare once. */
    static final byte[] UNKNOWN_HASH = new byte[32];

    static TokenRecord of(ApiToken token) {
        Principal principal = new Principal("token " + token.publicId(), token.tenants(),
                Scope.parseList(token.scopes()), token.allTenants());
        return new TokenRecord(token.secretSha256(), principal, token.revokedAt() != null, token.expiresAt());
    }
}

package dev.pyrometer.auth.token;

import java.time.Instant;
import java.util.List;

/**
 * A token as the admin API and CLI list it: never its secret nor its hash.
 *
 * @param tenants its tenants in order, or {@code ["*"]} for every tenant
 * @param scopes  wire names in order
 * @param status  active, revoked or expired
 */
public record TokenView(String publicId, String name, List<String> tenants, List<String> scopes, Instant createdAt,
                        Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String status) {
    static TokenView of(ApiToken token, Instant now) {
        String status = token.revokedAt() != null ? "revoked"
                : token.expiresAt() != null && !token.expiresAt().isAfter(now) ? "expired" : "active";
        List<String> tenants = token.allTenants() ? List.of(NewToken.ALL_TENANTS) : token.tenants().stream().sorted().toList();
        return new TokenView(token.publicId(), token.name(), tenants, List.of(token.scopes().split(",")),
                token.createdAt(), token.expiresAt(), token.lastUsedAt(), token.revokedAt(), status);
    }
}

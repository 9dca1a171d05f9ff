package dev.pyrometer.auth.token;

import dev.pyrometer.auth.Scope;

import java.time.Instant;
import java.util.Set;

/**
 * What a token creation asks for.
 *
 * @param name       a label for people, 1 to 200 printable characters
 * @param tenants    the tenants it may use; ignored when {@code allTenants}
 * @param allTenants every tenant (written {@code *} in the CLI and JSON)
 * @param scopes     at least one scope
 * @param expiresAt  when it stops working; null for never
 */
public record NewToken(String name, Set<String> tenants, boolean allTenants, Set<Scope> scopes, Instant expiresAt) {
    /** The wildcard tenant: written in {@code --tenant=*} and JSON {@code "tenants": ["*"]}. */
    public static final String ALL_TENANTS = "*";

    /** From a tenant list that may be {@code ["*"]}. */
    public static NewToken of(String name, Set<String> tenants, Set<Scope> scopes, Instant expiresAt) {
        boolean all = tenants.contains(ALL_TENANTS);
        return new NewToken(name, all ? Set.of() : tenants, all, scopes, expiresAt);
    }
}

package dev.pyrometer.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is calling, as established by an {@link Authenticator}: the tenants it may touch and what it may do there.
 * The tenant of a request always comes from here; a header or parameter the client sends may only narrow it
 * ({@link #tenant(String)}).
 *
 * @param subject   who, for logs and audit: {@code token <publicId>}, or {@code anonymous}; never a secret
 * @param tenants   the tenants this principal may use (empty when {@code anyTenant}), kept sorted by name
 * @param scopes    what it may do, kept in {@link Scope} order
 * @param anyTenant every tenant (operator tokens created with {@code --tenant=*}, and everyone when auth is off)
 */
public record Principal(String subject, Set<String> tenants, Set<Scope> scopes, boolean anyTenant) {
    /** The servlet request attribute under which the HTTP auth filter stores the request's Principal. */
    public static final String REQUEST_ATTRIBUTE = "dev.pyrometer.auth.Principal";
    /** The tenant used when a request names none, as before authentication existed. */
    public static final String DEFAULT_TENANT = "default";
    /** Authentication off: every tenant, every scope; the tenant is the requested one or "default". */
    public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(), EnumSet.allOf(Scope.class), true);

    public Principal {
        // Sorted, so that messages, the session's tenant list and the dashboard's switcher have one order.
        tenants = Collections.unmodifiableSortedSet(new TreeSet<>(tenants));
        scopes = scopes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    }

    /**
     * The tenant a request acts on. {@code requested} (the X-Scope-OrgID header, x-scope-orgid metadata or the
     * tenant parameter; null or empty when absent) must be one of this principal's tenants. Without one: the only
     * tenant, or "default" if it is among several. PERMISSION_DENIED otherwise, naming the tenant or asking to choose.
     */
    public String tenant(String requested) {
        boolean absent = requested == null || requested.isEmpty();
        if (anyTenant) {
            return absent ? DEFAULT_TENANT : requested;
        }
        if (!absent) {
            if (tenants.contains(requested)) {
                return requested;
            }
            throw AuthException.permissionDenied("token may not access tenant " + requested);
        }
        if (tenants.size() == 1) {
            return tenants.iterator().next();
        }
        if (tenants.contains(DEFAULT_TENANT)) {
            return DEFAULT_TENANT;
        }
        throw AuthException.permissionDenied("token has several tenants " + tenants
                + ": choose one with the X-Scope-OrgID header (gRPC x-scope-orgid, or the tenant parameter)");
    }

    /** Whether this principal may use {@code tenant}. */
    public boolean allows(String tenant) {
        return anyTenant || tenants.contains(tenant);
    }

    /** PERMISSION_DENIED unless this principal holds {@code scope}. */
    public void require(Scope scope) {
        if (!scopes.contains(scope)) {
            throw AuthException.permissionDenied("token lacks scope " + scope.wireName()
                    + " (it has " + (scopes.isEmpty() ? "none" : Scope.toList(scopes)) + ")");
        }
    }

    /** This principal restricted to one of its tenants (Basic user-name narrowing); PERMISSION_DENIED if not its own. */
    public Principal narrowedTo(String tenant) {
        if (!allows(tenant)) {
            throw AuthException.permissionDenied("token may not access tenant " + tenant);
        }
        return new Principal(subject, Set.of(tenant), scopes, false);
    }
}

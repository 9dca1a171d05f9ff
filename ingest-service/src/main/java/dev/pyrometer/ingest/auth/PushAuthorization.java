package dev.pyrometer.ingest.auth;

import dev.pyrometer.auth.AuditLog;
import dev.pyrometer.auth.AuthException;
import dev.pyrometer.auth.Authenticator;
import dev.pyrometer.auth.Principal;
import dev.pyrometer.auth.Scope;
import dev.pyrometer.ingest.tenant.TenantIds;

/**
 * Who may push, and into which tenant, on every ingest edge (gRPC, /ingest, the Connect push): the credentials
 * ({@code Bearer} or {@code Basic}, see {@link Authenticator}) must hold the push scope, and the tenant is the
 * principal's; a tenant header only narrows to one of the token's own tenants. With authentication off the tenant
 * is the header's, or "default", as before tokens existed. Every refusal is audited; none carries a secret.
 */
public final class PushAuthorization {
    private final Authenticator authenticator;
    private final AuditLog audit;

    public PushAuthorization(Authenticator authenticator, AuditLog audit) {
        this.authenticator = authenticator;
        this.audit = audit;
    }

    /**
     * The tenant the push writes to.
     *
     * @param authorization the Authorization header (gRPC {@code authorization} metadata), or null
     * @param requested     the X-Scope-OrgID header (gRPC {@code x-scope-orgid}), or null
     * @param edge          where the push came in, for the audit line: ingest-grpc or ingest-http
     * @param remote        the peer address, or null
     * @throws AuthException            UNAUTHENTICATED for missing or invalid credentials, PERMISSION_DENIED for a
     *                                  token without the push scope or a tenant that is not the token's
     * @throws IllegalArgumentException with {@link TenantIds#INVALID_MESSAGE} for a malformed tenant header (checked
     *                                  only once the caller is known)
     */
    public String tenant(String authorization, String requested, String edge, String remote) {
        Principal principal = authenticator.authenticate(authorization, edge, remote);
        try {
            principal.require(Scope.PUSH);
            String named = requested == null || requested.isEmpty() ? null : TenantIds.of(requested);
            return principal.tenant(named);
        } catch (AuthException e) {
            audit.accessDenied(edge, remote, principal.subject(), e.getMessage());
            throw e;
        }
    }

    public boolean enforcing() {
        return authenticator.enforcing();
    }
}

package dev.pyrometer.compat.isolation;

/**
 * One row of the isolation matrix: what a caller presents.
 *
 * @param name      the row's label, e.g. {@code A-read}, {@code wrong}
 * @param tenant    the tenant the token was made for, or null (no token, a wrong one)
 * @param scope     push, read or admin when the token is valid, else null
 * @param token     the token text, or null for no credentials
 * @param narrowTo  a tenant named by the X-Scope-OrgID header (or, {@code byParameter}, the tenant parameter), or null
 */
public record Credential(String name, String tenant, String scope, String token, String narrowTo, boolean byParameter) {
    public static Credential of(String name, String tenant, String scope, String token) {
        return new Credential(name, tenant, scope, token, null, false);
    }

    /** The same token, naming tenant {@code other} by the header or by the parameter. */
    public Credential naming(String other, boolean parameter) {
        return new Credential(name + ">" + other + (parameter ? "(param)" : "(header)"), tenant, scope, token, other, parameter);
    }

    /** {@code Bearer <token>}, or null without a token. */
    public String authorization() {
        return token == null ? null : "Bearer " + token;
    }

    /** The HTTP status a call needing {@code needed} must answer with this credential. */
    public int expectedStatus(String needed) {
        if (tenant == null) {
            return 401;
        }
        return needed.equals(scope) && narrowTo == null ? 200 : 403;
    }
}

package dev.pyrometer.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Security events as one structured line each on the logger {@code pyrometer.audit}: {@code event=<name>} followed
 * by {@code key=value} pairs (values with spaces, quotes or '=' are double-quoted, control characters dropped).
 * Token creation and revocation, tenant changes and every failed authentication; never a secret: callers pass
 * public ids, names and reasons only.
 */
public class AuditLog {
    public static final String LOGGER = "pyrometer.audit";
    private final Logger log;

    public AuditLog() {
        this(LoggerFactory.getLogger(LOGGER));
    }

    AuditLog(Logger log) {
        this.log = log;
    }

    public void tokenCreated(String actor, String publicId, String name, String tenants, String scopes, Object expiresAt) {
        info(fields("token_created", "actor", actor, "token", publicId, "name", name, "tenants", tenants,
                "scopes", scopes, "expires_at", expiresAt == null ? "never" : expiresAt));
    }

    public void tokenRevoked(String actor, String publicId) {
        info(fields("token_revoked", "actor", actor, "token", publicId));
    }

    public void tenantCreated(String actor, String tenant, Object limits) {
        info(fields("tenant_created", "actor", actor, "tenant", tenant, "limits", limits));
    }

    public void tenantLimitsChanged(String actor, String tenant, Object limits) {
        info(fields("tenant_limits_changed", "actor", actor, "tenant", tenant, "limits", limits));
    }

    /**
     * Credentials refused (UNAUTHENTICATED). {@code publicId} when the token's id could be read (never its secret),
     * else null; {@code edge} e.g. grpc, http, dashboard; {@code remote} the peer address when known.
     */
    public void authenticationFailed(String edge, String remote, String publicId, String reason) {
        warn(fields("auth_failed", "edge", edge, "remote", remote, "token", publicId, "reason", reason));
    }

    /** Valid credentials refused for what they asked (PERMISSION_DENIED): wrong tenant, missing scope. */
    public void accessDenied(String edge, String remote, String subject, String reason) {
        warn(fields("access_denied", "edge", edge, "remote", remote, "subject", subject, "reason", reason));
    }

    private void info(String line) {
        log.info(line);
    }

    private void warn(String line) {
        log.warn(line);
    }

    /** {@code event=<event>} then each non-null key/value pair. */
    static String fields(String event, Object... keysAndValues) {
        Map<String, Object> pairs = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                pairs.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        StringBuilder line = new StringBuilder("event=").append(event);
        pairs.forEach((key, value) -> line.append(' ').append(key).append('=').append(quote(String.valueOf(value))));
        return line.toString();
    }

    private static String quote(String value) {
        StringBuilder clean = new StringBuilder(value.length());
        boolean needsQuotes = value.isEmpty();
        for (int i = 0; i < value.length() && clean.length() < 512; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                continue;
            }
            if (c == ' ' || c == '=' || c == '"' || c == '\\') {
                needsQuotes = true;
            }
            if (c == '"' || c == '\\') {
                clean.append('\\');
            }
            clean.append(c);
        }
        return needsQuotes ? "\"" + clean + "\"" : clean.toString();
    }
}

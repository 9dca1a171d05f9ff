package dev.pyrometer.auth;

import dev.pyrometer.auth.token.TokenService;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@link Authenticator} of API tokens: reads {@code Bearer} and {@code Basic} headers as {@link Authenticator}
 * describes, verifies through {@link TokenService} and audits every refusal.
 */
public final class TokenAuthenticator implements Authenticator {
    private final TokenService tokens;
    private final AuditLog audit;

    public TokenAuthenticator(TokenService tokens, AuditLog audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Override
    public Principal authenticate(String authorizationHeaderOrNull) {
        return authenticate(authorizationHeaderOrNull, null, null);
    }

    @Override
    public Principal authenticate(String header, String edge, String remote) {
        try {
            return verify(header);
        } catch (TokenService.TokenRejected e) {
            audit.authenticationFailed(edge, remote, e.publicId(), e.getMessage());
            throw e;
        } catch (AuthException e) {
            audit.authenticationFailed(edge, remote, null, e.getMessage());
            throw e;
        }
    }

    private Principal verify(String header) {
        if (header == null || header.isBlank()) {
            throw AuthException.unauthenticated("authentication required: send Authorization: Bearer <token>"
                    + " (or HTTP Basic with the token as password)");
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String credentials = space < 0 ? "" : value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer")) {
            return tokens.verify(credentials);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(credentials);
        }
        throw AuthException.unauthenticated("unsupported authorization scheme '" + printable(scheme)
                + "': use Bearer <token> or Basic");
    }

    /** Basic user:token. A user naming one of the token's tenants narrows to it; other users are ignored. */
    private Principal basic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AuthException.unauthenticated("malformed Basic credentials: not base64");
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        if (password.isEmpty()) {
            return tokens.verify(user);
        }
        Principal principal = tokens.verify(password);
        return !user.isEmpty() && principal.allows(user) && !principal.tenants().equals(java.util.Set.of(user))
                ? principal.narrowedTo(user) : principal;
    }

    private static String printable(String text) {
        String cut = text.length() > 20 ? text.substring(0, 20) + "..." : text;
        return cut.replaceAll("[^\\x21-\\x7e]", "?");
    }
}

package dev.pyrometer.query.auth;

import dev.pyrometer.auth.AuditLog;
import dev.pyrometer.auth.AuthException;
import dev.pyrometer.auth.Authenticator;
import dev.pyrometer.auth.Principal;
import dev.pyrometer.auth.Scope;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Establishes the {@link Caller} of a request: an {@code Authorization} header (Bearer or Basic, checked by the
 * {@link Authenticator}) wins; otherwise the session cookie, whose token is checked again on every request.
 * With authentication off everyone is {@link Principal#ANONYMOUS}.
 */
@Component
public class RequestAuthentication {
    public static final String COOKIE = "pyrometer_session";
    /** The edge named in audit lines. */
    static final String EDGE = "query-http";
    static final String SIGN_IN_EDGE = "query-sign-in";

    private final Authenticator authenticator;
    private final SessionCodec codec;
    private final SessionProperties.Admin admin;
    private final AuditLog audit;
    private final Clock clock = Clock.systemUTC();

    public RequestAuthentication(Authenticator authenticator, SessionCodec codec, SessionProperties properties, AuditLog audit) {
        this.authenticator = authenticator;
        this.audit = audit;
        this.codec = codec;
        this.admin = properties.admin() == null ? new SessionProperties.Admin("", "") : properties.admin();
    }

    public boolean enforcing() {
        return authenticator.enforcing();
    }

    /** The caller; AuthException UNAUTHENTICATED when there are no valid credentials. */
    public Caller caller(HttpServletRequest request) {
        if (!authenticator.enforcing()) {
            return new Caller(Principal.ANONYMOUS, null);
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null) {
            return new Caller(authenticator.authenticate(header, EDGE, request.getRemoteAddr()), null);
        }
        Optional<String> cookie = sessionCookie(request);
        if (cookie.isEmpty()) {
            throw AuthException.unauthenticated("no credentials: send Authorization: Bearer <token> (or HTTP Basic with the token as password), or sign in");
        }
        SessionCodec.Session session = codec.open(cookie.get(), clock.instant())
                .orElseThrow(() -> AuthException.unauthenticated("the session has expired or is not valid here: sign in again"));
        return new Caller(principal(session, request.getRemoteAddr()), cookie.get());
    }

    /** The principal a session stands for now: its token checked again, or the local admin if still configured. */
    private Principal principal(SessionCodec.Session session, String remote) {
        if (session.kind() == SessionCodec.Session.Kind.ADMIN) {
            if (!admin.configured() || !admin.user().equals(session.credential())) {
                throw AuthException.unauthenticated("the local admin of this session is no longer configured: sign in again");
            }
            return adminPrincipal();
        }
        try {
            return authenticator.authenticate("Bearer " + session.credential(), EDGE, remote);
        } catch (AuthException e) {
            throw AuthException.unauthenticated("the session's token is no longer valid (revoked or expired): sign in again");
        }
    }

    /** The principal of a token given at sign-in; AuthException when it is not valid (audited). */
    public Principal token(String token, String remote) {
        return authenticator.authenticate("Bearer " + token, SIGN_IN_EDGE, remote);
    }

    /** The local admin's principal when {@code user} and {@code password} match its settings; UNAUTHENTICATED otherwise. */
    public Principal admin(String user, String password, String remote) {
        if (!admin.configured()) {
            throw AuthException.unauthenticated("no local admin is configured (PYROMETER_ADMIN_USER, PYROMETER_ADMIN_PASSWORD_HASH): sign in with a token");
        }
        // Both compared whatever the first gave, so the time taken does not tell whether the user name was right.
        boolean userMatches = java.security.MessageDigest.isEqual(admin.user().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                user.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean passwordMatches = PasswordHash.matches(password, admin.passwordHash());
        if (!userMatches || !passwordMatches) {
            audit.authenticationFailed(SIGN_IN_EDGE, remote, null, "wrong local admin user name or password");
            throw AuthException.unauthenticated("wrong user name or password");
        }
        return adminPrincipal();
    }

    private Principal adminPrincipal() {
        return new Principal("admin " + admin.user(), Set.of(), EnumSet.of(Scope.READ, Scope.ADMIN), true);
    }

    public static Optional<String> sessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                    return Optional.of(cookie.getValue());
                }
            }
        }
        return Optional.empty();
    }
}

package dev.pyrometer.query.auth;

import dev.pyrometer.auth.AuthException;
import dev.pyrometer.auth.Principal;
import dev.pyrometer.auth.Scope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's session: {@code GET} who is signed in (and whether sign-in exists at all), {@code POST} sign in
 * with a token or the local admin's password (sets the session cookie), {@code DELETE} sign out (clears it).
 * The cookie is HttpOnly, Secure, SameSite=Strict, Path=/. The authentication filter leaves this path to this
 * controller, which checks credentials itself.
 */
@RestController
public class SessionController {
    private final RequestAuthentication authentication;
    private final SessionCodec codec;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();

    public SessionController(RequestAuthentication authentication, SessionCodec codec, SessionProperties properties) {
        this.authentication = authentication;
        this.codec = codec;
        this.ttl = properties.ttl();
    }

    /** What the sign-in form sends: {@code token}, or {@code username} and {@code password}. */
    public record SignIn(String token, String username, String password) {
    }

    /**
     * {@code authentication} "off" (no sign-in: everyone reads, as on a loopback-only service) or "required";
     * when a valid session or Authorization header came, who it is and which tenants it may read.
     */
    public record SessionAnswer(String authentication, boolean signedIn, String subject, List<String> tenants, Boolean anyTenant,
                                List<String> scopes, String csrfToken) {
        static SessionAnswer off() {
            return new SessionAnswer("off", false, null, null, null, null, null);
        }

        static SessionAnswer signedOut() {
            return new SessionAnswer("required", false, null, null, null, null, null);
        }

        static SessionAnswer of(Principal principal, String csrfToken) {
            return new SessionAnswer("required", true, principal.subject(), principal.tenants().stream().sorted().toList(),
                    principal.anyTenant(), principal.scopes().stream().map(Scope::wireName).sorted().toList(), csrfToken);
        }
    }

    @GetMapping(EdgePaths.SESSION)
    public ResponseEntity<SessionAnswer> current(HttpServletRequest request) {
        if (!authentication.enforcing()) {
            return noStore(HttpStatus.OK).body(SessionAnswer.off());
        }
        try {
            Caller caller = authentication.caller(request);
            return noStore(HttpStatus.OK).body(SessionAnswer.of(caller.principal(), caller.bySession() ? codec.csrfToken(caller.sessionCookie()) : null));
        } catch (AuthException e) {
            ResponseEntity.BodyBuilder answer = noStore(HttpStatus.OK);
            if (RequestAuthentication.sessionCookie(request).isPresent()) {
                answer.header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO));
            }
            return answer.body(SessionAnswer.signedOut());
        }
    }

    @PostMapping(EdgePaths.SESSION)
    public ResponseEntity<?> signIn(@RequestBody(required = false) SignIn body, HttpServletRequest request) {
        if (!authentication.enforcing()) {
            return error(HttpStatus.CONFLICT, "authentication is off: there is nothing to sign in to");
        }
        if (body == null) {
            return error(HttpStatus.BAD_REQUEST, "send {\"token\": \"…\"} or {\"username\": \"…\", \"password\": \"…\"}");
        }
        Principal principal;
        SessionCodec.Session session;
        try {
            if (body.token() != null && !body.token().isBlank()) {
                principal = authentication.token(body.token().trim(), request.getRemoteAddr());
                session = new SessionCodec.Session(SessionCodec.Session.Kind.TOKEN, body.token().trim(), clock.instant().plus(ttl));
            } else if (body.username() != null && body.password() != null) {
                principal = authentication.admin(body.username(), body.password(), request.getRemoteAddr());
                session = new SessionCodec.Session(SessionCodec.Session.Kind.ADMIN, body.username(), clock.instant().plus(ttl));
            } else {
                return error(HttpStatus.BAD_REQUEST, "send {\"token\": \"…\"} or {\"username\": \"…\", \"password\": \"…\"}");
            }
            principal.require(Scope.READ);
        } catch (AuthException e) {
            return error(e.kind() == AuthException.Kind.UNAUTHENTICATED ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN, e.getMessage());
        }
        String value = codec.seal(session);
        return noStore(HttpStatus.OK).header(HttpHeaders.SET_COOKIE, cookie(value, ttl)).body(SessionAnswer.of(principal, codec.csrfToken(value)));
    }

    /** Clears the cookie. With a session cookie the CSRF header must match, so another site cannot sign the user out. */
    @DeleteMapping(EdgePaths.SESSION)
    public ResponseEntity<?> signOut(HttpServletRequest request) {
        Optional<String> cookie = RequestAuthentication.sessionCookie(request);
        if (cookie.isPresent() && codec.open(cookie.get(), clock.instant()).isPresent()
                && !codec.csrfMatches(cookie.get(), request.getHeader(AuthFilter.CSRF_HEADER))) {
            return error(HttpStatus.FORBIDDEN, "missing or wrong " + AuthFilter.CSRF_HEADER + " header: send the csrfToken of GET /api/v1/session");
        }
        return noStore(HttpStatus.NO_CONTENT).header(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO)).build();
    }

    private static String cookie(String value, Duration maxAge) {
        return ResponseCookie.from(RequestAuthentication.COOKIE, value).httpOnly(true).secure(true).sameSite("Strict").path("/")
                .maxAge(maxAge).build().toString();
    }

    private static ResponseEntity.BodyBuilder noStore(HttpStatus status) {
        return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return noStore(status).body(Map.of("error", message));
    }
}

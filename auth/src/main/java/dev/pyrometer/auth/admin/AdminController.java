package dev.pyrometer.auth.admin;

import dev.pyrometer.auth.AdminException;
import dev.pyrometer.auth.AuthException;
import dev.pyrometer.auth.Authenticator;
import dev.pyrometer.auth.Principal;
import dev.pyrometer.auth.Principals;
import dev.pyrometer.auth.Scope;
import dev.pyrometer.auth.tenant.TenantLimits;
import dev.pyrometer.auth.tenant.TenantService;
import dev.pyrometer.auth.tenant.TenantView;
import dev.pyrometer.auth.token.CreatedToken;
import dev.pyrometer.auth.token.NewToken;
import dev.pyrometer.auth.token.TokenService;
import dev.pyrometer.auth.token.TokenView;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin REST API (scope admin), JSON in and out, errors as {@code {"error": "..."}}:
 * <ul>
 *   <li>{@code GET /api/v1/admin/tenants}, {@code POST /api/v1/admin/tenants} {@code {"name", "limits": {...}}},
 *       {@code PATCH /api/v1/admin/tenants/{name}} {@code {"maxSeries": 1000, "queryConcurrency": null, ...}}
 *       (null clears a limit, an absent key keeps it);</li>
 *   <li>{@code GET /api/v1/admin/tokens[?tenant=]}, {@code POST /api/v1/admin/tokens}
 *       {@code {"name", "tenants": ["team-a"] | ["*"], "scopes": ["push"], "expiresAt": "2027-01-01T00:00:00Z"}}
 *       (201 with the token text, its only copy), {@code DELETE /api/v1/admin/tokens/{publicId}}.</li>
 * </ul>
 * An admin token for every tenant ({@code *}) may do all of it; an admin token for some tenants sees and manages
 * only tokens confined to those tenants, and may not create tenants or change limits.
 */
@RestController
@RequestMapping("/api/v1/admin")
public class AdminController {
    private final TenantService tenants;
    private final TokenService tokens;
    private final Authenticator authenticator;

    public AdminController(TenantService tenants, TokenService tokens, Authenticator authenticator) {
        this.tenants = tenants;
        this.tokens = tokens;
        this.authenticator = authenticator;
    }

    /** POST /tenants body. */
    public record TenantRequest(String name, Map<String, Number> limits) {
    }

    /** POST /tokens body; expiresAt null for never. */
    public record TokenRequest(String name, List<String> tenants, List<String> scopes, Instant expiresAt) {
    }

    /** A JSON error. */
    public record Error(String error) {
    }

    @GetMapping("/tenants")
    public List<TenantView> listTenants(HttpServletRequest request) {
        Principal principal = admin(request);
        return tenants.list().stream().filter(tenant -> principal.allows(tenant.name())).toList();
    }

    @PostMapping("/tenants")
    public ResponseEntity<TenantView> createTenant(@RequestBody TenantRequest body, HttpServletRequest request) {
        Principal principal = operator(request);
        TenantLimits limits = limits(TenantLimits.NONE, body.limits() == null ? Map.of() : body.limits());
        return ResponseEntity.status(HttpStatus.CREATED).body(tenants.create(body.name(), limits, principal.subject()));
    }

    @PatchMapping("/tenants/{name}")
    public TenantView setLimits(@PathVariable String name, @RequestBody Map<String, Object> body, HttpServletRequest request) {
        Principal principal = operator(request);
        Map<String, Number> changes = new LinkedHashMap<>();
        body.forEach((key, value) -> {
            if (value != null && !(value instanceof Number)) {
                throw AdminException.invalid(key + " must be a number or null, not " + value);
            }
            changes.put(key, (Number) value);
        });
        limits(TenantLimits.NONE, changes);
        return tenants.setLimits(name, changes, principal.subject());
    }

    @GetMapping("/tokens")
    public List<TokenView> listTokens(@RequestParam(required = false) String tenant, HttpServletRequest request) {
        Principal principal = admin(request);
        if (tenant != null && !principal.allows(tenant)) {
            throw AuthException.permissionDenied("token may not access tenant " + tenant);
        }
        return tokens.list(tenant).stream().filter(token -> manages(principal, token)).toList();
    }

    @PostMapping("/tokens")
    public ResponseEntity<CreatedToken> createToken(@RequestBody TokenRequest body, HttpServletRequest request) {
        Principal principal = admin(request);
        Set<String> wanted = Set.copyOf(body.tenants() == null ? List.of() : body.tenants());
        if (!principal.anyTenant() && (wanted.contains(NewToken.ALL_TENANTS) || !principal.tenants().containsAll(wanted))) {
            throw AuthException.permissionDenied("token may create tokens only for its own tenants " + principal.tenants());
        }
        Set<Scope> scopes;
        try {
            scopes = Scope.parseList(String.join(",", body.scopes() == null ? List.of() : body.scopes()));
        } catch (IllegalArgumentException e) {
            throw AdminException.invalid(e.getMessage());
        }
        CreatedToken created = tokens.create(NewToken.of(body.name(), wanted, scopes, body.expiresAt()), principal.subject());
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore()).body(created);
    }

    @DeleteMapping("/tokens/{publicId}")
    public TokenView revokeToken(@PathVariable String publicId, HttpServletRequest request) {
        Principal principal = admin(request);
        TokenView token = tokens.get(publicId);
        if (!manages(principal, token)) {
            throw AuthException.permissionDenied("token may not revoke token " + publicId + " of tenants " + token.tenants());
        }
        return tokens.revoke(publicId, principal.subject());
    }

    @ExceptionHandler(AuthException.class)
    public ResponseEntity<Error> refused(AuthException e) {
        HttpStatus status = e.kind() == AuthException.Kind.UNAUTHENTICATED ? HttpStatus.UNAUTHORIZED : HttpStatus.FORBIDDEN;
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header("WWW-Authenticate", "Bearer realm=\"pyrometer\"");
        }
        return response.body(new Error(e.getMessage()));
    }

    @ExceptionHandler(AdminException.class)
    public ResponseEntity<Error> refused(AdminException e) {
        HttpStatus status = switch (e.problem()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        return ResponseEntity.status(status).body(new Error(e.getMessage()));
    }

    private Principal admin(HttpServletRequest request) {
        Principal principal = Principals.of(request, authenticator);
        principal.require(Scope.ADMIN);
        return principal;
    }

    private Principal operator(HttpServletRequest request) {
        Principal principal = admin(request);
        if (!principal.anyTenant()) {
            throw AuthException.permissionDenied("only an admin token for every tenant (*) may create tenants or change limits");
        }
        return principal;
    }

    /** Whether the principal may see and revoke the token: its tenants are all the principal's. */
    private static boolean manages(Principal principal, TokenView token) {
        return principal.anyTenant() || !token.tenants().contains(NewToken.ALL_TENANTS)
                && principal.tenants().containsAll(token.tenants());
    }

    private static TenantLimits limits(TenantLimits base, Map<String, ? extends Number> changes) {
        try {
            return base.with(changes);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw AdminException.invalid(e.getMessage());
        }
    }
}

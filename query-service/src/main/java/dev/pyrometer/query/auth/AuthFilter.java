package dev.pyrometer.query.auth;

import dev.pyrometer.auth.AuthException;
import dev.pyrometer.auth.Principal;
import dev.pyrometer.protocol.connect.ConnectCode;
import dev.pyrometer.query.api.RequestParams;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;

/**
 * In front of every path but the dashboard's static files and {@code /api/v1/session}: establishes the caller
 * ({@link RequestAuthentication}), stores its Principal under {@link Principal#REQUEST_ATTRIBUTE} (where
 * {@link RequestParams#tenant} reads it, so no handler picks a tenant the caller may not use), checks the path's
 * scope, checks the CSRF header on state-changing requests carried by the session cookie, and holds queries to
 * their tenant's concurrency. Pushes forwarded to ingest-service keep their Authorization header (ingest-service
 * checks it again) and carry the resolved tenant in X-Scope-OrgID.
 */
public class AuthFilter extends OncePerRequestFilter {
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final RequestAuthentication authentication;
    private final SessionCodec codec;
    private final TenantQueryLimiter limiter;

    public AuthFilter(RequestAuthentication authentication, SessionCodec codec, TenantQueryLimiter limiter) {
        this.authentication = authentication;
        this.codec = codec;
        this.limiter = limiter;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (EdgePaths.isPublic(request.getMethod(), path) || EdgePaths.isSession(path)) {
            chain.doFilter(request, response);
            return;
        }
        Principal principal;
        String tenant;
        try {
            Caller caller = authentication.caller(request);
            principal = caller.principal();
            principal.require(EdgePaths.scope(path));
            if (caller.bySession() && !SAFE_METHODS.contains(request.getMethod())
                    && !codec.csrfMatches(caller.sessionCookie(), request.getHeader(CSRF_HEADER))) {
                throw AuthException.permissionDenied("missing or wrong " + CSRF_HEADER + " header: a change made with the session cookie "
                        + "must send the csrfToken of GET /api/v1/session");
            }
            if (EdgePaths.isForwarded(path) && caller.bySession()) {
                throw AuthException.unauthenticated("pushes need Authorization (Bearer or Basic with a push token), not a dashboard session");
            }
            request.setAttribute(Principal.REQUEST_ATTRIBUTE, principal);
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, caller);
            // Forwarded bodies are never parsed here: their tenant comes from the header only.
            String requested = EdgePaths.isForwarded(path) ? request.getHeader(RequestParams.TENANT_HEADER) : requestedTenant(request);
            tenant = requested == UNREADABLE || !RequestParams.isValidTenant(requested) ? null : principal.tenant(requested);
        } catch (AuthException e) {
            EdgeErrors.auth(path, response, e);
            return;
        }
        if (EdgePaths.isForwarded(path)) {
            chain.doFilter(tenant == null || !authentication.enforcing() ? request : withTenantHeader(request, tenant), response);
            return;
        }
        if (tenant == null || !EdgePaths.isQuery(path)) {
            // A malformed tenant: the handler answers 400 naming it.
            chain.doFilter(request, response);
            return;
        }
        TenantQueryLimiter.Slot slot = limiter.tryAcquire(tenant);
        if (slot == null) {
            EdgeErrors.write(path, response, ConnectCode.RESOURCE_EXHAUSTED, "tenant " + tenant + " already runs " + limiter.limit(tenant)
                    + " queries, its query concurrency: retry after " + RETRY_AFTER.toSeconds() + " s", RETRY_AFTER);
            return;
        }
        try (slot) {
            chain.doFilter(request, response);
        }
    }

    /** Marks a query string the container cannot read: the handler's parameter guard answers 400 for it. */
    private static final String UNREADABLE = new String("unreadable");

    /**
     * As {@link RequestParams#requestedTenant}, read from the raw query string: asking the container for
     * parameters here would make its own failure on an unreadable query string answer before the handler's.
     */
    private static String requestedTenant(HttpServletRequest request) {
        String header = request.getHeader(RequestParams.TENANT_HEADER);
        if (header != null && !header.isEmpty()) {
            return header;
        }
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        try {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                if (name.equals(RequestParams.TENANT_PARAMETER) && equals >= 0) {
                    String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                    return value.isEmpty() ? null : value;
                }
            }
            return null;
        } catch (IllegalArgumentException e) {
            return UNREADABLE;
        }
    }

    /** The request as ingest-service will see it: X-Scope-OrgID is the tenant resolved from the credentials. */
    private static HttpServletRequest withTenantHeader(HttpServletRequest request, String tenant) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return RequestParams.TENANT_HEADER.equalsIgnoreCase(name) ? tenant : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return RequestParams.TENANT_HEADER.equalsIgnoreCase(name) ? Collections.enumeration(Set.of(tenant)) : super.getHeaders(name);
            }
        };
    }
}

package dev.pyrometer.ingest.auth;

import dev.pyrometer.auth.AuthException;
import dev.pyrometer.ingest.tenant.TenantIds;
import dev.pyrometer.protocol.connect.ConnectCode;
import dev.pyrometer.protocol.connect.ConnectCodec;
import dev.pyrometer.protocol.connect.ConnectException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * In front of the HTTP push edges ({@value #INGEST_PATH} and {@value #CONNECT_PUSH_PATH}): authenticates the
 * {@code Authorization} header (Bearer, or Basic as the Pyroscope SDKs send basicAuthUser/basicAuthPassword; their
 * authToken setting sends Bearer) through {@link PushAuthorization} before the body is read, and stores the push's
 * tenant under {@link #TENANT_ATTRIBUTE}, where {@code HttpPushEdge} reads it. A refusal stores nothing: 401 (with
 * {@code WWW-Authenticate: Basic realm="pyrometer"}) or 403, as {@code {"error":"…"}} on /ingest and as a Connect
 * error (unauthenticated, permission_denied) on the Connect push. A malformed tenant header is left to the edge,
 * which answers 400 as it always did ({@link #INVALID_TENANT}).
 */
public final class PushAuthFilter extends OncePerRequestFilter {
    public static final String INGEST_PATH = "/ingest";
    public static final String CONNECT_PUSH_PATH = "/push.v1.PusherService/Push";
    public static final String EDGE = "ingest-http";
    /** The request attribute holding the push's tenant, or {@link #INVALID_TENANT}. */
    public static final String TENANT_ATTRIBUTE = "dev.pyrometer.ingest.tenant";
    /** The value of {@link #TENANT_ATTRIBUTE} when the caller is known but its tenant header is malformed. */
    public static final String INVALID_TENANT = new String("invalid tenant");

    private final PushAuthorization authorization;

    public PushAuthFilter(PushAuthorization authorization) {
        this.authorization = authorization;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String tenant;
        try {
            tenant = authorization.tenant(request.getHeader(HttpHeaders.AUTHORIZATION), request.getHeader(TenantIds.HEADER), EDGE,
                    request.getRemoteAddr());
        } catch (AuthException e) {
            refuse(request, response, e);
            return;
        } catch (IllegalArgumentException e) {
            tenant = INVALID_TENANT;
        }
        request.setAttribute(TENANT_ATTRIBUTE, tenant);
        chain.doFilter(request, response);
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, AuthException e) throws IOException {
        boolean unauthenticated = e.kind() == AuthException.Kind.UNAUTHENTICATED;
        boolean connect = request.getRequestURI().endsWith(CONNECT_PUSH_PATH);
        response.setStatus(unauthenticated ? HttpServletResponse.SC_UNAUTHORIZED : HttpServletResponse.SC_FORBIDDEN);
        if (unauthenticated) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pyrometer\", charset=\"UTF-8\"");
        }
        response.setContentType("application/json");
        byte[] body = connect
                ? ConnectCodec.errorBody(new ConnectException(unauthenticated ? ConnectCode.UNAUTHENTICATED : ConnectCode.PERMISSION_DENIED,
                        e.getMessage()))
                : ("{\"error\":" + ConnectCodec.jsonString(e.getMessage()) + "}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

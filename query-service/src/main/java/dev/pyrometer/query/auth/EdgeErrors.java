package dev.pyrometer.query.auth;

import dev.pyrometer.auth.AuthException;
import dev.pyrometer.protocol.connect.ConnectCode;
import dev.pyrometer.protocol.connect.ConnectCodec;
import dev.pyrometer.protocol.connect.ConnectException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The answers the filter gives before any handler runs, in the form the path's clients read: a Connect error
 * body on Connect paths, {@code {"error": "…"}} elsewhere. A 401 on the pprof export carries
 * {@code WWW-Authenticate: Basic} so that go tool pprof (and browsers opening the link) retry with user-info;
 * other 401s do not, so the dashboard's own calls never pop up a browser dialog.
 */
final class EdgeErrors {
    private EdgeErrors() {
    }

    static void auth(String path, HttpServletResponse response, AuthException e) throws IOException {
        boolean unauthenticated = e.kind() == AuthException.Kind.UNAUTHENTICATED;
        if (unauthenticated && path.equals(EdgePaths.PPROF)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pyrometer\", charset=\"UTF-8\"");
        }
        write(path, response, unauthenticated ? ConnectCode.UNAUTHENTICATED : ConnectCode.PERMISSION_DENIED, e.getMessage(), null);
    }

    static void write(String path, HttpServletResponse response, ConnectCode code, String message, Duration retryAfter) throws IOException {
        response.setStatus(code.httpStatus());
        response.setContentType("application/json");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        byte[] body = EdgePaths.isConnect(path)
                ? ConnectCodec.errorBody(new ConnectException(code, message, retryAfter))
                : ("{\"error\":" + ConnectCodec.jsonString(message) + "}").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

package dev.pyrometer.query.server;

import dev.pyrometer.query.api.ApiError;
import dev.pyrometer.query.api.ContainerErrors;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.res.StringManager;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the error answers Tomcat makes itself, for requests that fail before any servlet sees them (a request
 * line or headers over the size limit, characters a URL may not hold, a malformed header, an unknown transfer
 * encoding or HTTP version), as {@code {"error": "..."}} JSON in place of Tomcat's HTML page. Tomcat answers an
 * oversized request line or header block with 400; this valve tells them apart and answers 414 (the request line
 * did not fit, so no URI was read) or 431 (the headers did not fit). Any other status is kept.
 */
public final class JsonErrorReportValve extends ErrorReportValve {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Tomcat's own message for an oversized request line or header block, in the locale Tomcat uses. */
    private static final String HEADER_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
            .getString("iib.requestheadertoolarge.error");

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        if (status == 400 && throwable != null && HEADER_TOO_LARGE.equals(throwable.getMessage())) {
            status = request.getRequestURI() == null ? 414 : 431;
            response.setStatus(status);
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(new ApiError(ContainerErrors.message(status, headerLimit(request)))));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is closed: there is nobody to tell
        }
    }

    private static int headerLimit(Request request) {
        return request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http11
                ? http11.getMaxHttpRequestHeaderSize() : -1;
    }
}

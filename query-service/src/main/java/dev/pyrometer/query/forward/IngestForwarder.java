package dev.pyrometer.query.forward;

import dev.pyrometer.protocol.connect.ConnectCode;
import dev.pyrometer.protocol.connect.ConnectCodec;
import dev.pyrometer.protocol.connect.ConnectException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One address for Pyroscope's clients: {@code POST /ingest} and {@code POST /push.v1.PusherService/Push} on
 * query-service's port are forwarded to ingest-service's HTTP edge ({@link ForwardProperties#url()}), with the
 * query string and the headers that carry meaning (Content-Type, Content-Encoding, Content-Length, X-Scope-OrgID,
 * Authorization); the body is streamed, never held whole, and cut off past {@link ForwardProperties#maxBodyBytes()}
 * with a 413 for /ingest and a Connect invalid_argument (400) for the push (at once when Content-Length already
 * says so). ingest-service's status, body, Content-Type and
 * Retry-After come back unchanged; when it cannot be reached the answer is a 502 with a JSON error
 * ({@code {"error": …}} for /ingest, a Connect error with code unavailable for the push), which Pyroscope's SDKs
 * retry.
 */
@RestController
public class IngestForwarder {
    static final String INGEST = "/ingest";
    static final String PUSH = "/push.v1.PusherService/Push";
    private static final List<String> FORWARDED = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.CONTENT_ENCODING, "X-Scope-OrgID",
            HttpHeaders.AUTHORIZATION);
    private static final Logger log = LoggerFactory.getLogger(IngestForwarder.class);

    private final ForwardProperties properties;
    private final IngestClient client;

    /** Trusting, for an https ingest URL, the SSL bundle {@value IngestClient#BUNDLE}. */
    @Autowired
    public IngestForwarder(ForwardProperties properties, SslBundles bundles) {
        this(properties, new IngestClient(properties.timeout(), bundles));
    }

    /** Trusting, for an https ingest URL, the JVM's trust store. */
    public IngestForwarder(ForwardProperties properties) {
        this(properties, new IngestClient(properties.timeout()));
    }

    private IngestForwarder(ForwardProperties properties, IngestClient client) {
        this.properties = properties;
        this.client = client;
    }

    @PostMapping({INGEST, PUSH})
    public ResponseEntity<byte[]> forward(HttpServletRequest request) {
        String path = request.getRequestURI();
        long declared = request.getContentLengthLong();
        if (declared > properties.maxBodyBytes()) {
            return tooLarge(path);
        }
        HttpRequest.Builder upstream = HttpRequest.newBuilder(target(path, request.getQueryString())).timeout(properties.timeout());
        for (String name : FORWARDED) {
            String value = request.getHeader(name);
            if (value != null) {
                upstream.header(name, value);
            }
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new CappedInputStream(request.getInputStream(), properties.maxBodyBytes());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        upstream.POST(declared >= 0 ? HttpRequest.BodyPublishers.fromPublisher(body, declared) : body);
        try {
            HttpResponse<byte[]> answer = client.get().send(upstream.build(), HttpResponse.BodyHandlers.ofByteArray());
            ResponseEntity.BodyBuilder reply = ResponseEntity.status(answer.statusCode());
            answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(type -> reply.header(HttpHeaders.CONTENT_TYPE, type));
            answer.headers().firstValue(HttpHeaders.RETRY_AFTER).ifPresent(wait -> reply.header(HttpHeaders.RETRY_AFTER, wait));
            return reply.body(answer.body());
        } catch (IOException e) {
            if (causedBy(e, CappedInputStream.TooLarge.class)) {
                return tooLarge(path);
            }
            log.warn("Forwarding {} to {} failed: {}", path, properties.url(), e.toString());
            return unreachable(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unreachable(path, e);
        }
    }

    private URI target(String path, String query) {
        String base = properties.url().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path + (query == null ? "" : "?" + query));
    }

    private ResponseEntity<byte[]> tooLarge(String path) {
        String message = "the request body is larger than " + properties.maxBodyBytes() + " bytes (PYROMETER_QUERY_INGEST_MAX_BODY_BYTES)";
        // Permanent: the Connect push gets invalid_argument (400), never a code a client retries.
        return error(path, path.equals(PUSH) ? HttpStatus.BAD_REQUEST : HttpStatus.CONTENT_TOO_LARGE, ConnectCode.INVALID_ARGUMENT, message);
    }

    private ResponseEntity<byte[]> unreachable(String path, Exception e) {
        String message = "ingest-service at " + properties.url() + " cannot be reached (" + e.getClass().getSimpleName() + "); retry";
        return error(path, HttpStatus.BAD_GATEWAY, ConnectCode.UNAVAILABLE, message);
    }

    /** {@code {"error": …}} for /ingest, as the REST API answers; a Connect error body for the Connect push. */
    private static ResponseEntity<byte[]> error(String path, HttpStatus status, ConnectCode code, String message) {
        byte[] body = path.equals(PUSH) ? ConnectCodec.errorBody(new ConnectException(code, message))
                : ("{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}

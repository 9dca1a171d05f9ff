package dev.pyrometer.ingest.connect;

import dev.pyrometer.ingest.http.HttpPushEdge;
import dev.pyrometer.ingest.http.HttpStatusOf;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import dev.pyrometer.protocol.connect.ConnectCode;
import dev.pyrometer.protocol.connect.ConnectCodec;
import dev.pyrometer.protocol.connect.ConnectException;
import dev.pyrometer.protocol.pyroscope.push.v1.PushResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/**
 * Pyroscope's Connect push, {@code POST /push.v1.PusherService/Push}, in {@code application/proto}
 * or {@code application/json}. The whole request is one push (the batch rule). Errors are Connect
 * error bodies: {@code invalid_argument} (400; also a body over the size limit, naming its size and
 * the limit, since resending it cannot succeed), {@code resource_exhausted} (429, the write queue is
 * full) and {@code unavailable} (503), the last two with Retry-After in seconds. A {@code Connect-Timeout-Ms} header is the push's
 * deadline: a push the write queue would not reach in time is refused at once (resource_exhausted).
 */
@RestController
public class ConnectPushController {
    private final HttpPushEdge edge;
    private final ConnectPushConversion conversion;

    public ConnectPushController(HttpPushEdge edge, ConnectPushConversion conversion) {
        this.edge = edge;
        this.conversion = conversion;
    }

    @PostMapping("/push.v1.PusherService/Push")
    public CompletableFuture<ResponseEntity<byte[]>> push(HttpServletRequest request) {
        ConnectCodec.Encoding encoding;
        try {
            encoding = ConnectCodec.Encoding.of(request.getContentType());
        } catch (ConnectException e) {
            return CompletableFuture.completedFuture(error(e, null));
        }
        String contentEncoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        return edge.push(request, body -> conversion.convert(encoding, contentEncoding, body), deadlineNanos(request))
                .handle((stored, error) -> {
                    if (error == null) {
                        return ResponseEntity.ok().contentType(MediaType.parseMediaType(encoding.contentType()))
                                .body(ConnectCodec.encode(encoding, PushResponse.getDefaultInstance()));
                    }
                    PushRefusal refusal = HttpPushEdge.refusalOf(error);
                    ConnectCode code = switch (refusal.kind()) {
                        // A body over the limit never fits on a retry: a permanent refusal, not resource_exhausted.
                        case INVALID, TOO_LARGE -> ConnectCode.INVALID_ARGUMENT;
                        case OVERLOADED -> ConnectCode.RESOURCE_EXHAUSTED;
                        case UNAVAILABLE, ABANDONED -> ConnectCode.UNAVAILABLE;
                    };
                    return error(new ConnectException(code, refusal.getMessage()), HttpStatusOf.retryAfterSeconds(refusal));
                });
    }

    /** The Connect-Timeout-Ms header (milliseconds, up to 10 digits) as a deadline; none when absent or malformed. */
    private static long deadlineNanos(HttpServletRequest request) {
        String timeout = request.getHeader("Connect-Timeout-Ms");
        if (timeout == null || timeout.isEmpty() || timeout.length() > 10 || !timeout.chars().allMatch(Character::isDigit)) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + Long.parseLong(timeout) * 1_000_000L;
    }

    private static ResponseEntity<byte[]> error(ConnectException error, String retryAfter) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(error.code().httpStatus()).contentType(MediaType.APPLICATION_JSON);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(ConnectCodec.errorBody(error));
    }
}

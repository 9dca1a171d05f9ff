package dev.pyrometer.ingest.pyroscope;

import dev.pyrometer.ingest.http.HttpPushEdge;
import dev.pyrometer.ingest.http.HttpStatusOf;
import dev.pyrometer.ingest.http.QueryString;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Pyroscope's {@code POST /ingest}, as its SDKs call it. 200 with an empty body once stored (or
 * already stored: a retry); otherwise a plain-text message with 400 (never retry), 413 (body over
 * the limit), 429 or 503 with Retry-After in seconds (retry then). Parameters are read from the
 * query string only ({@link QueryString}), whatever the body's content type.
 */
@RestController
public class PyroscopeIngestController {
    private final HttpPushEdge edge;
    private final IngestConversion conversion;

    public PyroscopeIngestController(HttpPushEdge edge, IngestConversion conversion) {
        this.edge = edge;
        this.conversion = conversion;
    }

    @PostMapping("/ingest")
    public CompletableFuture<ResponseEntity<String>> ingest(HttpServletRequest request) {
        Map<String, String> query;
        try {
            query = QueryString.parse(request.getQueryString());
        } catch (PushRefusal refusal) {
            return CompletableFuture.completedFuture(HttpStatusOf.plainText(refusal));
        }
        IngestParameters parameters = new IngestParameters(query.get("name"), query.get("from"), query.get("until"),
                query.get("format"), query.get("sampleRate"), query.get("spyName"), query.get("units"), query.get("aggregationType"));
        String contentType = request.getContentType();
        return edge.push(request, body -> conversion.convert(parameters, contentType, body))
                .handle((stored, error) -> error == null ? ResponseEntity.ok("")
                        : HttpStatusOf.plainText(HttpPushEdge.refusalOf(error)));
    }
}

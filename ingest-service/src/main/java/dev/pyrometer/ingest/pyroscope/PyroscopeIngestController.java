package dev.pyrometer.ingest.pyroscope;

import dev.pyrometer.ingest.http.HttpPushEdge;
import dev.pyrometer.ingest.http.HttpStatusOf;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.CompletableFuture;

/**
 * Pyroscope's {@code POST /ingest}, as its SDKs call it. 200 with an empty body once stored (or
 * already stored: a retry); otherwise a plain-text message with 400 (never retry), 413 (body over
 * the limit), 429 or 503 with Retry-After in seconds (retry then).
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
    public CompletableFuture<ResponseEntity<String>> ingest(HttpServletRequest request,
                                                            @RequestParam(required = false) String name,
                                                            @RequestParam(required = false) String from,
                                                            @RequestParam(required = false) String until,
                                                            @RequestParam(required = false) String format,
                                                            @RequestParam(required = false) String sampleRate,
                                                            @RequestParam(required = false) String spyName,
                                                            @RequestParam(required = false) String units,
                                                            @RequestParam(required = false) String aggregationType) {
        IngestParameters parameters = new IngestParameters(name, from, until, format, sampleRate, spyName, units, aggregationType);
        String contentType = request.getContentType();
        return edge.push(request, body -> conversion.convert(parameters, contentType, body))
                .handle((stored, error) -> error == null ? ResponseEntity.ok("")
                        : HttpStatusOf.plainText(HttpPushEdge.refusalOf(error)));
    }
}

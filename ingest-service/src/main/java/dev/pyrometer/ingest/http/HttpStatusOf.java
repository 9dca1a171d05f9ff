package dev.pyrometer.ingest.http;

import dev.pyrometer.ingest.pipeline.PushRefusal;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The HTTP answer to a refused push: 400 for a permanent refusal, 413 for a body over the limit,
 * 429 for an overload and 503 for an unavailable database, the last two with {@code Retry-After}
 * in whole seconds, rounded up.
 */
public final class HttpStatusOf {
    private HttpStatusOf() {
    }

    public static int status(PushRefusal refusal) {
        return switch (refusal.kind()) {
            case INVALID -> 400;
            case TOO_LARGE -> 413;
            case OVERLOADED -> 429;
            case UNAVAILABLE, ABANDONED -> 503;
        };
    }

    /** Retry-After in seconds (at least 1), or null for a permanent refusal. */
    public static String retryAfterSeconds(PushRefusal refusal) {
        if (refusal.kind() != PushRefusal.Kind.OVERLOADED && refusal.kind() != PushRefusal.Kind.UNAVAILABLE) {
            return null;
        }
        long millis = refusal.retryAfter().toMillis();
        return Long.toString(Math.max(1, (millis + 999) / 1000));
    }

    public static ResponseEntity<String> plainText(PushRefusal refusal) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status(refusal)).contentType(MediaType.TEXT_PLAIN);
        String retryAfter = retryAfterSeconds(refusal);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        return response.body(refusal.getMessage() + "\n");
    }
}

package dev.pyrometer.ingest.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;

/**
 * The refusals of a push, as ingest.proto defines them: permanent ones are INVALID_ARGUMENT (with
 * the refused profile's index when one profile caused it); transient ones are RESOURCE_EXHAUSTED or
 * UNAVAILABLE with a {@code pyrometer-retry-after-ms} hint.
 */
final class Refusals {
    static final Metadata.Key<String> REJECTED_INDEX = Metadata.Key.of("pyrometer-rejected-index", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("pyrometer-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    private Refusals() {
    }

    static StatusRuntimeException permanent(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    static StatusRuntimeException permanent(String message, int profileIndex) {
        Metadata trailers = new Metadata();
        trailers.put(REJECTED_INDEX, Integer.toString(profileIndex));
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException(trailers);
    }

    /** {@code code} is RESOURCE_EXHAUSTED (overload) or UNAVAILABLE (storage or server going away). */
    static StatusRuntimeException transientFailure(Status code, String message, Duration retryAfter) {
        Metadata trailers = new Metadata();
        trailers.put(RETRY_AFTER_MS, Long.toString(Math.max(1, retryAfter.toMillis())));
        return code.withDescription(message).asRuntimeException(trailers);
    }
}

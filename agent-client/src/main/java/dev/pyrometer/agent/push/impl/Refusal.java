package dev.pyrometer.agent.push.impl;

import io.grpc.Metadata;
import io.grpc.Status;

import java.time.Duration;

/**
 * What a failed Push call means for its batch, read from the status and trailers as ingest.proto
 * defines them:
 * <ul>
 *   <li>{@link Transient}: a {@link RetryPolicy#retryable retryable} code; the batch is sent again,
 *       no sooner than the {@code pyrometer-retry-after-ms} trailer asks (zero when absent);</li>
 *   <li>{@link OneProfile}: INVALID_ARGUMENT whose {@code pyrometer-rejected-index} trailer names a
 *       profile of the batch; only that profile is refused, nothing of the batch was stored;</li>
 *   <li>{@link Credentials}: UNAUTHENTICATED or PERMISSION_DENIED: the agent's token (or its tenant) is refused;
 *       nothing sent with these credentials will be accepted until they are fixed;</li>
 *   <li>{@link WholeBatch}: any other failure; no profile of the batch will ever be accepted as sent.</li>
 * </ul>
 */
sealed interface Refusal {
    /** Trailer of an INVALID_ARGUMENT caused by one profile: its index in the push, decimal. */
    Metadata.Key<String> REJECTED_INDEX = Metadata.Key.of("pyrometer-rejected-index", Metadata.ASCII_STRING_MARSHALLER);
    /** Trailer of a transient refusal: the least time to wait before retrying, decimal milliseconds. */
    Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("pyrometer-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    /** The status as a log line: code and the server's description. */
    String message();

    /** @param retryAfter at least this long before the next attempt; zero when the server named no time */
    record Transient(Status.Code code, String message, Duration retryAfter) implements Refusal {
    }

    /** @param index position in the batch of the one profile the server refused */
    record OneProfile(String message, int index) implements Refusal {
    }

    record WholeBatch(String message) implements Refusal {
    }

    record Credentials(String message) implements Refusal {
    }

    /**
     * @param trailers  the call's trailers, or null when there were none
     * @param batchSize profiles in the refused call; an index outside [0, batchSize) is not trusted
     *                  and the refusal counts for the whole batch
     */
    static Refusal of(Status status, Metadata trailers, int batchSize) {
        String message = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (RetryPolicy.retryable(status.getCode())) {
            long millis = decimal(trailers, RETRY_AFTER_MS);
            return new Transient(status.getCode(), message, millis > 0 ? Duration.ofMillis(millis) : Duration.ZERO);
        }
        if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED) {
            return new Credentials(message);
        }
        if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
            long index = decimal(trailers, REJECTED_INDEX);
            if (index >= 0 && index < batchSize) {
                return new OneProfile(message, (int) index);
            }
        }
        return new WholeBatch(message);
    }

    /** The trailer's value as a non-negative decimal; -1 when absent or not one. */
    private static long decimal(Metadata trailers, Metadata.Key<String> key) {
        String value = trailers == null ? null : trailers.get(key);
        if (value == null) {
            return -1;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed >= 0 ? parsed : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

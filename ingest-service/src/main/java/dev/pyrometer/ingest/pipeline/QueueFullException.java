package dev.pyrometer.ingest.pipeline;

import java.time.Duration;

/**
 * The write queue cannot take a push without exceeding one of its bounds (profiles, bytes, or the
 * time the push would wait); the sender should back off for at least {@link #retryAfter()} and retry.
 */
public final class QueueFullException extends Exception {
    private final Duration retryAfter;

    public QueueFullException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

package dev.pyrometer.ingest.pipeline;

/** The write queue cannot take a push without exceeding its bound; the sender should back off and retry. */
public final class QueueFullException extends Exception {
    public QueueFullException(String message) {
        super(message);
    }
}

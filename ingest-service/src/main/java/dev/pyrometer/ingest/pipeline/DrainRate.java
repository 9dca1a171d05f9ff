package dev.pyrometer.ingest.pipeline;

/**
 * How fast the writers store uploads, as an exponentially weighted average over recent batches, in
 * uploads per second of all writers together. Before the first batch it assumes {@code initial}.
 * Thread-safe.
 */
final class DrainRate {
    private static final double WEIGHT = 0.2;

    private final int writers;
    private double uploadsPerSecond;

    DrainRate(int writers, double initial) {
        this.writers = writers;
        this.uploadsPerSecond = initial;
    }

    synchronized void record(int uploads, long nanos) {
        if (uploads <= 0 || nanos <= 0) {
            return;
        }
        double observed = writers * uploads / (nanos / 1e9);
        uploadsPerSecond = WEIGHT * observed + (1 - WEIGHT) * uploadsPerSecond;
    }

    /** Expected nanoseconds until {@code uploadsAhead} queued uploads are written. */
    synchronized long nanosToDrain(long uploadsAhead) {
        return (long) (uploadsAhead / uploadsPerSecond * 1e9);
    }
}

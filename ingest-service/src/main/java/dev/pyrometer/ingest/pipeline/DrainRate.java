package dev.pyrometer.ingest.pipeline;

/**
 * How long the writers take to store what is queued, from an exponentially weighted average of recent batch
 * times. The queue drains in batches of up to {@code batchSize} uploads on each of {@code writers} threads at
 * once, so {@code n} queued uploads take about ceil(n / (batchSize × writers)) batch times. Before the first
 * batch it assumes {@code initialBatchNanos}. Thread-safe.
 */
final class DrainRate {
    private static final double WEIGHT = 0.2;

    private final int writers;
    private final int batchSize;
    private double batchNanos;

    DrainRate(int writers, int batchSize, long initialBatchNanos) {
        this.writers = writers;
        this.batchSize = batchSize;
        this.batchNanos = initialBatchNanos;
    }

    synchronized void record(long nanos) {
        if (nanos > 0) {
            batchNanos = WEIGHT * nanos + (1 - WEIGHT) * batchNanos;
        }
    }

    /** Expected nanoseconds until {@code uploads} queued uploads are written. */
    synchronized long nanosToDrain(long uploads) {
        long rounds = (uploads + (long) batchSize * writers - 1) / ((long) batchSize * writers);
        return (long) (rounds * batchNanos);
    }
}

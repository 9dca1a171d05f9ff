package dev.pyrometer.ingest.limits;

/**
 * A token bucket: {@code rate} tokens a second, holding at most {@code burst}. Not thread-safe; its owner locks it.
 * A cost larger than the burst is admitted when the bucket is full (it would never be otherwise) and leaves the
 * bucket in debt, so the long-run rate still holds.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;
    private double rate;
    private double burst;
    private double tokens;
    private long updatedNanos;

    TokenBucket(double rate, double burst, long nowNanos) {
        this.rate = rate;
        this.burst = burst;
        this.tokens = burst;
        this.updatedNanos = nowNanos;
    }

    /** Takes up the tokens accrued since the last call, and a changed rate or burst (keeping at most the new burst). */
    void refill(double newRate, double newBurst, long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - updatedNanos) / NANOS_PER_SECOND * rate);
        updatedNanos = nowNanos;
        rate = newRate;
        burst = newBurst;
        tokens = Math.min(tokens, burst);
    }

    /** Nanoseconds until {@code cost} (capped at the burst) is available; 0 when it is now. Call {@link #refill} first. */
    long waitNanos(double cost) {
        double missing = Math.min(cost, burst) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing / rate * NANOS_PER_SECOND);
    }

    void take(double cost) {
        tokens -= cost;
    }
}

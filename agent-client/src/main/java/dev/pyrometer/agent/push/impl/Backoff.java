package dev.pyrometer.agent.push.impl;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with "equal jitter": the n-th delay (n from 0) is drawn uniformly from
 * [d/2, d] with d = min(max, initial × 2^n). Half the delay is guaranteed, so retries never bunch
 * up, and the random half spreads many agents that failed at the same moment. Not thread-safe.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final LongUnaryOperator random;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this(initial, max, bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    }

    /** @param random given a bound b ≥ 0, returns a value in [0, b] */
    Backoff(Duration initial, Duration max, LongUnaryOperator random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    Duration next() {
        long ceiling = initialNanos;
        for (int i = 0; i < failures && ceiling < maxNanos; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        failures++;
        long half = ceiling / 2;
        return Duration.ofNanos(half + random.applyAsLong(ceiling - half));
    }

    void reset() {
        failures = 0;
    }
}

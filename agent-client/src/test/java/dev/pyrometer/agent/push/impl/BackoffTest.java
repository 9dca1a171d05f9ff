package dev.pyrometer.agent.push.impl;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void doublesUpToTheMaximumWithHalfOfEachDelayRandom() {
        Backoff lowest = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), bound -> 0);
        Backoff highest = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), bound -> bound);

        long[] low = new long[6];
        long[] high = new long[6];
        for (int i = 0; i < 6; i++) {
            low[i] = lowest.next().toMillis();
            high[i] = highest.next().toMillis();
        }

        assertThat(low).containsExactly(50, 100, 200, 400, 500, 500);
        assertThat(high).containsExactly(100, 200, 400, 800, 1000, 1000);
    }

    @Test
    void resetStartsOver() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), bound -> bound);
        backoff.next();
        backoff.next();

        backoff.reset();

        assertThat(backoff.next()).isEqualTo(Duration.ofMillis(100));
    }
}

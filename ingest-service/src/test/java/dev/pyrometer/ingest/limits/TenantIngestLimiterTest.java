package dev.pyrometer.ingest.limits;

import dev.pyrometer.auth.tenant.TenantLimits;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The token buckets on a clock the test moves. */
class TenantIngestLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Map<String, TenantLimits> own = new HashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TenantIngestLimiter limiter = new TenantIngestLimiter(100, 1000, tenant -> own.getOrDefault(tenant, TenantLimits.NONE),
            registry, now::get);

    @Test
    void aBurstOfTwoSecondsThenTheRateWithTheTimeToWait() throws PushRefusal {
        for (int i = 0; i < 200; i++) {
            limiter.admit("a", 1, 0);
        }
        PushRefusal refusal = catchThrowableOfType(PushRefusal.class, () -> limiter.admit("a", 1, 0));
        assertThat(refusal.kind()).isEqualTo(PushRefusal.Kind.OVERLOADED);
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofMillis(10));
        assertThat(refusal.getMessage()).isEqualTo("tenant a is over its ingest limit of 100 profiles/s: retry after 10 ms");

        now.addAndGet(Duration.ofMillis(10).toNanos());
        assertThatNoException().isThrownBy(() -> limiter.admit("a", 1, 0));
        assertThat(registry.get("pyrometer.ingest.tenant.limited").tag("tenant", "a").tag("limit", "profiles_per_second").counter().count())
                .isEqualTo(1);
    }

    @Test
    void bytesAreLimitedToo() throws PushRefusal {
        limiter.admit("b", 1, 2000);
        PushRefusal refusal = catchThrowableOfType(PushRefusal.class, () -> limiter.admit("b", 1, 500));
        assertThat(refusal.getMessage()).isEqualTo("tenant b is over its ingest limit of 1000 bytes/s: retry after 500 ms");
        assertThat(registry.get("pyrometer.ingest.tenant.limited").tag("tenant", "b").tag("limit", "bytes_per_second").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aRefusedPushTakesNothingAndTenantsAreIndependent() throws PushRefusal {
        limiter.admit("c", 200, 0);
        catchThrowableOfType(PushRefusal.class, () -> limiter.admit("c", 1, 0));
        limiter.admit("d", 200, 0);
        now.addAndGet(Duration.ofMillis(10).toNanos());
        assertThatNoException().isThrownBy(() -> limiter.admit("c", 1, 0));
    }

    @Test
    void aTenantsOwnLimitWinsAndALargerPushThanTheBurstPassesWhenTheBucketIsFull() throws PushRefusal {
        own.put("e", new TenantLimits(1.0, null, null, null));
        limiter.admit("e", 5, 0);
        PushRefusal refusal = catchThrowableOfType(PushRefusal.class, () -> limiter.admit("e", 1, 0));
        // 5 taken from a burst of 2: 3 in debt, then 1 more to find.
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(4));
        assertThat(refusal.getMessage()).startsWith("tenant e is over its ingest limit of 1 profiles/s");
    }
}

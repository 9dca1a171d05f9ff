package dev.pyrometer.ingest.limits;

import dev.pyrometer.auth.tenant.TenantLimits;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Each tenant's ingest rate on this replica: two token buckets, profiles a second and pushed bytes a second, each
 * holding {@value #BURST_SECONDS} seconds' worth. A push is admitted when both have room for it, and then takes from
 * both; otherwise it is refused as OVERLOADED (gRPC RESOURCE_EXHAUSTED, HTTP 429) with the time until the buckets
 * have room as its retry hint, counted in {@code pyrometer.ingest.tenant.limited{tenant,limit}}. The edges call it
 * before a push is decoded, so a tenant over its rate costs little and never delays another tenant's pushes. Rates
 * are the tenant's own limits, or the service-wide defaults; with N replicas a tenant may push N times its rate.
 */
public final class TenantIngestLimiter {
    static final double BURST_SECONDS = 2;
    public static final String PROFILES_LIMIT = "profiles_per_second";
    public static final String BYTES_LIMIT = "bytes_per_second";

    private final double defaultProfilesPerSecond;
    private final long defaultBytesPerSecond;
    private final Function<String, TenantLimits> limits;
    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final Map<String, Buckets> buckets = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    /**
     * @param limits a tenant's own limits ({@link TenantLimits#NONE} without any); called on every push, so cached
     */
    public TenantIngestLimiter(double defaultProfilesPerSecond, long defaultBytesPerSecond, Function<String, TenantLimits> limits,
                               MeterRegistry registry, LongSupplier nanoTime) {
        if (!(defaultProfilesPerSecond > 0) || defaultBytesPerSecond <= 0) {
            throw new IllegalArgumentException("PYROMETER_TENANT_INGEST_PROFILES_PER_SECOND and PYROMETER_TENANT_INGEST_BYTES_PER_SECOND"
                    + " must be greater than 0, not " + defaultProfilesPerSecond + " and " + defaultBytesPerSecond);
        }
        this.defaultProfilesPerSecond = defaultProfilesPerSecond;
        this.defaultBytesPerSecond = defaultBytesPerSecond;
        this.limits = limits;
        this.registry = registry;
        this.nanoTime = nanoTime;
    }

    /**
     * Admits {@code profiles} profiles of {@code bytes} bytes into {@code tenant}, or refuses them all.
     *
     * @throws PushRefusal OVERLOADED naming the tenant, the limit and when to retry
     */
    public void admit(String tenant, int profiles, long bytes) throws PushRefusal {
        TenantLimits own = limits.apply(tenant);
        double profileRate = own.ingestProfilesPerSecond() != null ? own.ingestProfilesPerSecond() : defaultProfilesPerSecond;
        double byteRate = own.ingestBytesPerSecond() != null ? own.ingestBytesPerSecond() : defaultBytesPerSecond;
        long now = nanoTime.getAsLong();
        Buckets pair = buckets.computeIfAbsent(tenant, t -> new Buckets(profileRate, byteRate, now));
        long profileWait;
        long byteWait;
        synchronized (pair) {
            pair.profiles.refill(profileRate, profileRate * BURST_SECONDS, now);
            pair.bytes.refill(byteRate, byteRate * BURST_SECONDS, now);
            profileWait = pair.profiles.waitNanos(profiles);
            byteWait = pair.bytes.waitNanos(bytes);
            if (profileWait == 0 && byteWait == 0) {
                pair.profiles.take(profiles);
                pair.bytes.take(bytes);
                return;
            }
        }
        boolean byProfiles = profileWait >= byteWait;
        String limit = byProfiles ? PROFILES_LIMIT : BYTES_LIMIT;
        refused.computeIfAbsent(tenant + '\n' + limit, key -> Counter.builder("pyrometer.ingest.tenant.limited")
                .description("Pushes refused because their tenant was over one of its ingest limits")
                .tag("tenant", tenant).tag("limit", limit).register(registry)).increment();
        Duration retryAfter = Duration.ofNanos(Math.max(profileWait, byteWait));
        throw PushRefusal.overloaded("tenant " + tenant + " is over its ingest limit of "
                + (byProfiles ? format(profileRate) + " profiles/s" : (long) byteRate + " bytes/s")
                + ": retry after " + Math.max(1, retryAfter.toMillis()) + " ms", retryAfter);
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private static final class Buckets {
        final TokenBucket profiles;
        final TokenBucket bytes;

        Buckets(double profileRate, double byteRate, long now) {
            profiles = new TokenBucket(profileRate, profileRate * BURST_SECONDS, now);
            bytes = new TokenBucket(byteRate, byteRate * BURST_SECONDS, now);
        }
    }
}

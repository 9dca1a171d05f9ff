package dev.pyrometer.query.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * At most N queries of one tenant at a time on this replica, N being the tenant's own limit or the default
 * ({@code PYROMETER_QUERY_TENANT_CONCURRENCY}). A query past it is refused at once (no queueing: the caller
 * retries), so one tenant's burst holds at most N of the shared database connections and threads, and never
 * delays another tenant's queries. Refusals count in {@code pyrometer.query.tenant.limited{tenant}}.
 */
public final class TenantQueryLimiter {
    private final int defaultLimit;
    private final Function<String, OptionalInt> tenantLimit;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    /** {@code tenantLimit}: a tenant's own limit, if it has one (looked up on every query, so it should be cached). */
    public TenantQueryLimiter(int defaultLimit, Function<String, OptionalInt> tenantLimit, MeterRegistry registry) {
        if (defaultLimit < 1) {
            throw new IllegalArgumentException("PYROMETER_QUERY_TENANT_CONCURRENCY must be at least 1, not " + defaultLimit);
        }
        this.defaultLimit = defaultLimit;
        this.tenantLimit = tenantLimit;
        this.registry = registry;
    }

    /** A held slot to release when the query ends, or null when the tenant already runs {@link #limit} queries. */
    public Slot tryAcquire(String tenant) {
        int limit = limit(tenant);
        AtomicInteger count = running.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (count.incrementAndGet() > limit) {
            count.decrementAndGet();
            refused.computeIfAbsent(tenant, t -> Counter.builder("pyrometer.query.tenant.limited")
                    .description("Queries refused because their tenant ran as many as its query concurrency allows")
                    .tag("tenant", t).register(registry)).increment();
            return null;
        }
        return new Slot(count);
    }

    public int limit(String tenant) {
        return tenantLimit.apply(tenant).orElse(defaultLimit);
    }

    /** One running query; {@link #close} once. */
    public static final class Slot implements AutoCloseable {
        private final AtomicInteger count;
        private boolean closed;

        private Slot(AtomicInteger count) {
            this.count = count;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                count.decrementAndGet();
            }
        }
    }
}

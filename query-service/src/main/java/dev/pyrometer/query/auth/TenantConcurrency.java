package dev.pyrometer.query.auth;

import dev.pyrometer.auth.tenant.TenantLimits;
import dev.pyrometer.auth.tenant.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A tenant's own query concurrency (its {@code query_concurrency}), read at most once per {@code ttl} per tenant.
 * Empty for a tenant without one, for an unknown tenant, and while the tenants table cannot be read (the default
 * applies; queries are not refused for it).
 */
final class TenantConcurrency implements Function<String, OptionalInt> {
    private static final Logger log = LoggerFactory.getLogger(TenantConcurrency.class);

    private record Cached(OptionalInt limit, long readAtNanos) {
    }

    private final TenantService tenants;
    private final long ttlNanos;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    TenantConcurrency(TenantService tenants, Duration ttl) {
        this.tenants = tenants;
        this.ttlNanos = ttl.toNanos();
    }

    @Override
    public OptionalInt apply(String tenant) {
        long now = System.nanoTime();
        Cached cached = cache.get(tenant);
        if (cached != null && now - cached.readAtNanos() < ttlNanos) {
            return cached.limit();
        }
        OptionalInt limit = read(tenant);
        cache.put(tenant, new Cached(limit, now));
        return limit;
    }

    private OptionalInt read(String tenant) {
        try {
            TenantLimits limits = tenants.get(tenant).limits();
            return limits == null || limits.queryConcurrency() == null ? OptionalInt.empty() : OptionalInt.of(limits.queryConcurrency());
        } catch (RuntimeException e) {
            // Unknown tenant (NOT_FOUND) or the table unreadable: the default applies.
            if (!(e instanceof dev.pyrometer.auth.AdminException)) {
                log.warn("Cannot read the query concurrency of tenant {}: {}", tenant, e.toString());
            }
            return OptionalInt.empty();
        }
    }
}

package dev.pyrometer.ingest.limits;

import dev.pyrometer.auth.AdminException;
import dev.pyrometer.auth.tenant.TenantLimits;
import dev.pyrometer.auth.tenant.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A tenant's own limits (its row in {@code tenants}), read again once {@code ttl} has passed, so a change made with
 * the admin API or CLI applies on every replica within that time. A tenant without a row has none
 * ({@link TenantLimits#NONE}); when the read fails the last known limits stay.
 */
public final class CachedTenantLimits implements Function<String, TenantLimits> {
    private static final Logger log = LoggerFactory.getLogger(CachedTenantLimits.class);

    private record Entry(TenantLimits limits, long readNanos) {
    }

    private final TenantService tenants;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public CachedTenantLimits(TenantService tenants, Duration ttl, LongSupplier nanoTime) {
        this.tenants = tenants;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
    }

    @Override
    public TenantLimits apply(String tenant) {
        long now = nanoTime.getAsLong();
        Entry entry = cache.get(tenant);
        if (entry != null && now - entry.readNanos() < ttlNanos) {
            return entry.limits();
        }
        TenantLimits limits;
        try {
            limits = tenants.get(tenant).limits();
        } catch (AdminException e) {
            limits = TenantLimits.NONE;
        } catch (RuntimeException e) {
            log.warn("cannot read the limits of tenant {} ({}); keeping {}", tenant, e.toString(), entry == null ? "the defaults" : "the last known");
            limits = entry == null ? TenantLimits.NONE : entry.limits();
        }
        cache.put(tenant, new Entry(limits, now));
        return limits;
    }
}

package dev.pyrometer.ingest.config;

import dev.pyrometer.auth.tenant.TenantService;
import dev.pyrometer.ingest.limits.CachedTenantLimits;
import dev.pyrometer.ingest.limits.TenantIngestLimiter;
import dev.pyrometer.ingest.limits.TenantSeriesLimit;
import dev.pyrometer.storage.db.Database;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * Per-tenant ingest limits: the tenant's own (admin API / CLI, cached for {@code pyrometer.tenant.limits-cache-ttl})
 * or these defaults ({@code PYROMETER_TENANT_INGEST_PROFILES_PER_SECOND}, {@code PYROMETER_TENANT_INGEST_BYTES_PER_SECOND},
 * {@code PYROMETER_TENANT_MAX_SERIES}).
 */
@Configuration(proxyBeanMethods = false)
public class TenantLimitsConfiguration {
    @Bean
    public CachedTenantLimits cachedTenantLimits(TenantService tenants, @Value("${pyrometer.tenant.limits-cache-ttl:10s}") Duration ttl) {
        return new CachedTenantLimits(tenants, ttl, System::nanoTime);
    }

    /** The series cap; the tenant's series count is read again after the same time as its limits. */
    @Bean
    public TenantSeriesLimit tenantSeriesLimit(Database database, @Value("${pyrometer.tenant.max-series:500000}") long maxSeries,
                                               @Value("${pyrometer.tenant.limits-cache-ttl:10s}") Duration ttl,
                                               CachedTenantLimits limits, MeterRegistry registry) {
        return new TenantSeriesLimit(database.dataSource(), maxSeries, limits, ttl, registry, System::nanoTime);
    }

    @Bean
    public TenantIngestLimiter tenantIngestLimiter(@Value("${pyrometer.tenant.ingest-profiles-per-second:2000}") double profilesPerSecond,
                                                   @Value("${pyrometer.tenant.ingest-bytes-per-second:67108864}") long bytesPerSecond,
                                                   CachedTenantLimits limits, MeterRegistry registry) {
        return new TenantIngestLimiter(profilesPerSecond, bytesPerSecond, limits, registry, System::nanoTime);
    }
}

package dev.pyrometer.auth.tenant;

import java.time.Instant;

/** A tenant as the admin API and CLI show it. */
public record TenantView(String name, Instant createdAt, TenantLimits limits) {
    static TenantView of(Tenant tenant) {
        return new TenantView(tenant.name(), tenant.createdAt(), tenant.limits());
    }
}

package dev.pyrometer.ingest.health;

import dev.pyrometer.storage.db.DatabaseProbe;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness follows the database: DOWN while the {@link DatabaseProbe} cannot reach PostgreSQL
 * (pushes would only be refused), UP again once it answers. Registered as {@code databaseReadiness} in the
 * readiness group, so a load balancer stops sending pushes to a replica that cannot store them.
 */
public final class DatabaseReadiness implements HealthIndicator {
    private final DatabaseProbe probe;

    public DatabaseReadiness(DatabaseProbe probe) {
        this.probe = probe;
    }

    @Override
    public Health health() {
        Health.Builder health = probe.up() ? Health.up() : Health.down().withDetail("error", probe.lastError());
        return health.withDetail("since", probe.since().toString()).build();
    }
}

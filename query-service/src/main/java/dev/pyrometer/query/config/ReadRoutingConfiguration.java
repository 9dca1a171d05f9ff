package dev.pyrometer.query.config;

import dev.pyrometer.storage.db.ReadPin;
import dev.pyrometer.storage.db.ReadRouting;
import dev.pyrometer.storage.db.ReadTarget;
import dev.pyrometer.storage.db.ReplicaReading;
import dev.pyrometer.storage.db.ReplicaState;
import dev.pyrometer.storage.db.ReplicaStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.Filter;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Shows where profile reads go ({@link ReadRouting}) and keeps each request's reads on one database.
 *
 * <p>Health contributor {@code replica}: UP while reads go to the replica, OUT_OF_SERVICE while it answers but
 * is not used (stale, not a standby, lag not checkable), DOWN while it does not answer; its details hold the
 * state, the lag and the bound. It is not part of readiness: reads then go to the primary, so whether reads
 * can be answered is whether the primary answers, which {@code databaseReadiness} already says.
 */
@Configuration(proxyBeanMethods = false)
public class ReadRoutingConfiguration {

    /** Every request's profile reads go to the database its first read went to (see {@link ReadPin}). */
    @Bean
    public FilterRegistrationBean<Filter> readPinFilter(ReadRouting reads) {
        Filter filter = (request, response, chain) -> {
            try (ReadPin pin = reads.pin()) {
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setName("readPinFilter");
        return registration;
    }

    @Bean
    public HealthIndicator replica(ReadRouting reads) {
        return () -> reads.replicaStatus().map(ReadRoutingConfiguration::health)
                .orElseGet(() -> Health.up().withDetail("readsFrom", ReadTarget.PRIMARY.tag()).withDetail("replica", "not configured").build());
    }

    private static Health health(ReplicaStatus status) {
        ReplicaState state = status.state();
        Health.Builder health = state.readsFromReplica() ? Health.up()
                : state == ReplicaState.UNREACHABLE ? Health.down() : Health.status(Status.OUT_OF_SERVICE);
        health.withDetail("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .withDetail("readsFrom", (state.readsFromReplica() ? ReadTarget.REPLICA : ReadTarget.PRIMARY).tag())
                .withDetail("meaning", state.meaning())
                .withDetail("lagSeconds", Double.isNaN(status.lagSeconds()) ? "unknown" : status.lagSeconds())
                .withDetail("maxLagSeconds", status.maxLag().toMillis() / 1000.0)
                .withDetail("checkedAt", status.checkedAt().toString())
                .withDetail("since", status.since().toString())
                .withDetail("primaryLsn", ReplicaReading.lsn(status.primaryLsn()));
        ReplicaReading replica = status.replica();
        if (replica != null) {
            health.withDetail("replayedLsn", ReplicaReading.lsn(replica.replayed()))
                    .withDetail("receivedLsn", ReplicaReading.lsn(replica.received()))
                    .withDetail("replayPaused", replica.replayPaused())
                    .withDetail("lastReplayedCommit", replica.lastReplayedCommit() == null ? "none" : replica.lastReplayedCommit().toString())
                    .withDetail("walReceiver", replica.walReceiver());
        }
        if (!status.error().isEmpty()) {
            health.withDetail("lastError", status.error());
        }
        return health.build();
    }

    /**
     * {@code pyrometer_query_reads_from{database}} (1 for the database profile reads go to now, 0 for the other),
     * {@code pyrometer_query_reads_total{database}} (connections taken for profile reads), and with a replica
     * {@code pyrometer_replica_lag_seconds} (NaN while unknown) and {@code pyrometer_replica_max_lag_seconds}.
     */
    @Bean
    public MeterBinder readRoutingMetrics(ReadRouting reads) {
        return registry -> {
            for (ReadTarget target : ReadTarget.values()) {
                Gauge.builder("pyrometer.query.reads.from", reads, routing -> routing.current() == target ? 1 : 0)
                        .tag("database", target.tag()).description("1 for the database profile reads go to now, else 0")
                        .register(registry);
                FunctionCounter.builder("pyrometer.query.reads", reads, routing -> routing.reads(target))
                        .tag("database", target.tag()).description("Connections taken for profile reads, per database")
                        .register(registry);
            }
            // Gauges hold their state object weakly: each reads the routing bean, which lives as long as the context.
            if (reads.replicaStatus().isPresent()) {
                Gauge.builder("pyrometer.replica.lag", reads, routing -> routing.replicaStatus().orElseThrow().lagSeconds())
                        .baseUnit("seconds").description("How far the replica trails the primary (upper bound, 1 s resolution); NaN while unknown")
                        .register(registry);
                Gauge.builder("pyrometer.replica.max.lag", reads, routing -> routing.replicaStatus().orElseThrow().maxLag().toMillis() / 1000.0)
                        .baseUnit("seconds").description("The lag past which profile reads go to the primary")
                        .register(registry);
            }
        };
    }
}

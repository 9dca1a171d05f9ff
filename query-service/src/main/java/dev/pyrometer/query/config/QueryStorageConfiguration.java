package dev.pyrometer.query.config;

import dev.pyrometer.storage.db.Database;
import dev.pyrometer.storage.db.DatabaseProbe;
import dev.pyrometer.storage.db.DatabaseSettings;
import dev.pyrometer.storage.db.ReadRouting;
import dev.pyrometer.storage.query.SeriesCatalog;
import dev.pyrometer.storage.query.StackSymbols;
import dev.pyrometer.storage.query.TimelineReader;
import dev.pyrometer.storage.query.WindowReader;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;

/**
 * Wires the read side of storage. query-service never migrates, and writes only tenants and tokens (through the
 * primary's {@link DataSource}, which JPA takes). Profile reads go through {@link ReadRouting}: to the streaming
 * replica when one is configured and fresh enough, else to the primary.
 */
@Configuration(proxyBeanMethods = false)
public class QueryStorageConfiguration {

    @Bean(destroyMethod = "close")
    public Database database(QueryProperties properties) throws IOException {
        return Database.open(primarySettings(properties.database()), false);
    }

    @Bean(destroyMethod = "close")
    public ReadRouting readRouting(Database database, QueryProperties properties) {
        QueryProperties.Database primary = properties.database();
        QueryProperties.Replica replica = primary.replica();
        if (replica == null || !replica.configured()) {
            return ReadRouting.primaryOnly(database.dataSource());
        }
        boolean ownUser = replica.username() != null && !replica.username().isBlank();
        DatabaseSettings replicaSettings = new DatabaseSettings(replica.url(), ownUser ? replica.username() : primary.username(),
                ownUser ? replica.password() : primary.password(), "", 0, primary.poolSize(), "pyrometer-query-replica",
                primary.connectionTimeout());
        return ReadRouting.withReplica(database.dataSource(), primarySettings(primary), replicaSettings, replica.maxLag());
    }

    private static DatabaseSettings primarySettings(QueryProperties.Database database) {
        return new DatabaseSettings(database.effectiveUrl(), database.username(), database.password(), "", 0, database.poolSize(),
                "pyrometer-query", database.connectionTimeout());
    }

    /**
     * Readiness (in the readiness group as databaseReadiness) is whether PostgreSQL answers: every query reads it.
     * It reads the {@link DatabaseProbe}'s last ping (one a second, outside the pool, timeouts of about a second), so
     * a probe call never waits on the database: DOWN within about two seconds of the database going away, UP within
     * about one of its return. The details, on the management port only, name the probe's last error.
     */
    @Bean
    public HealthIndicator databaseReadiness(Database database) {
        DatabaseProbe probe = database.probe();
        return () -> (probe.up() ? Health.up() : Health.down().withDetail("lastError", probe.lastError()))
                .withDetail("since", probe.since().toString()).build();
    }

    @Bean
    public DataSource dataSource(Database database) {
        return database.dataSource();
    }

    @Bean
    public SeriesCatalog seriesCatalog(ReadRouting reads) {
        return new SeriesCatalog(reads.dataSource());
    }

    @Bean
    public WindowReader windowReader(ReadRouting reads) {
        return new WindowReader(reads.dataSource());
    }

    @Bean
    public TimelineReader timelineReader(ReadRouting reads) {
        return new TimelineReader(reads.dataSource());
    }

    @Bean
    public StackSymbols stackSymbols(ReadRouting reads, QueryProperties properties) {
        return new StackSymbols(reads.dataSource(), properties.query().stackCacheEntries());
    }
}

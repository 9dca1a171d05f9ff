package dev.pyrometer.query.config;

import dev.pyrometer.storage.db.Database;
import dev.pyrometer.storage.db.DatabaseProbe;
import dev.pyrometer.storage.db.DatabaseSettings;
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

/** Wires the read side of storage. query-service never migrates or writes: read-only rights suffice. */
@Configuration(proxyBeanMethods = false)
public class QueryStorageConfiguration {

    @Bean(destroyMethod = "close")
    public Database database(QueryProperties properties) throws IOException {
        QueryProperties.Database database = properties.database();
        return Database.open(new DatabaseSettings(database.effectiveUrl(), database.username(), database.password(),
                "", 0, database.poolSize(), "pyrometer-query", database.connectionTimeout()), false);
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
    public SeriesCatalog seriesCatalog(DataSource dataSource) {
        return new SeriesCatalog(dataSource);
    }

    @Bean
    public WindowReader windowReader(DataSource dataSource) {
        return new WindowReader(dataSource);
    }

    @Bean
    public TimelineReader timelineReader(DataSource dataSource) {
        return new TimelineReader(dataSource);
    }

    @Bean
    public StackSymbols stackSymbols(DataSource dataSource, QueryProperties properties) {
        return new StackSymbols(dataSource, properties.query().stackCacheEntries());
    }
}

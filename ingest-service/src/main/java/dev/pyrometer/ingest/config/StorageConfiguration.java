package dev.pyrometer.ingest.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.storage.db.LocalPostgres;
import dev.pyrometer.storage.db.Migrations;
import dev.pyrometer.storage.dictionary.SymbolResolver;
import dev.pyrometer.storage.partition.DailyPartitions;
import dev.pyrometer.storage.partition.RetentionJob;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.series.SeriesRegistry;
import dev.pyrometer.storage.write.ProfileWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;

/** Wires the storage module: the database (external, or a local embedded one), migrations, writer and jobs. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {
    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    /** Present only when no JDBC URL is configured: a newcomer's first run needs no database. */
    @Bean(destroyMethod = "close")
    public LocalDatabase localDatabase(IngestProperties properties) throws IOException {
        IngestProperties.Database database = properties.database();
        if (database.url() != null && !database.url().isBlank()) {
            return new LocalDatabase(null);
        }
        log.warn("No PYROMETER_JDBC_URL set: starting a local embedded PostgreSQL in {} (for trying Pyrometer out, not for production)",
                Path.of(database.localDataDir()).toAbsolutePath());
        return new LocalDatabase(LocalPostgres.start(Path.of(database.localDataDir()), database.localPort()));
    }

    @Bean(destroyMethod = "close")
    public HikariDataSource dataSource(IngestProperties properties, LocalDatabase localDatabase) {
        IngestProperties.Database database = properties.database();
        HikariConfig config = new HikariConfig();
        config.setPoolName("pyrometer-ingest");
        config.setMaximumPoolSize(database.poolSize());
        if (localDatabase.postgres() != null) {
            config.setJdbcUrl(localDatabase.postgres().jdbcUrl());
        } else {
            config.setJdbcUrl(database.url());
            if (database.username() != null && !database.username().isBlank()) {
                config.setUsername(database.username());
                config.setPassword(database.password());
            }
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        Migrations.apply(dataSource);
        return dataSource;
    }

    @Bean
    public DailyPartitions dailyPartitions() {
        return new DailyPartitions();
    }

    @Bean
    public ProfileWriter profileWriter(DataSource dataSource, DailyPartitions partitions, IngestProperties properties) {
        IngestProperties.Storage storage = properties.storage();
        return new ProfileWriter(dataSource, new SeriesRegistry(storage.seriesCacheEntries()),
                new SymbolResolver(storage.cacheEntries()), partitions);
    }

    @Bean
    public RollupJob rollupJob(DataSource dataSource, IngestProperties properties) {
        return new RollupJob(dataSource, properties.storage().rollupGrace(), 1000);
    }

    @Bean
    public RetentionJob retentionJob(DataSource dataSource, DailyPartitions partitions, IngestProperties properties) {
        return new RetentionJob(dataSource, partitions, properties.storage().retentionDays(), 2);
    }

    /** The embedded PostgreSQL when one was started, else empty. */
    public record LocalDatabase(LocalPostgres postgres) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}

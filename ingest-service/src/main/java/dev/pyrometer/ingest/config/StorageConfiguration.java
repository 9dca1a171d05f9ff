package dev.pyrometer.ingest.config;

import dev.pyrometer.storage.db.Database;
import dev.pyrometer.storage.db.DatabaseSettings;
import dev.pyrometer.storage.dictionary.SymbolResolver;
import dev.pyrometer.storage.partition.DailyPartitions;
import dev.pyrometer.storage.partition.RetentionJob;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.series.GroupLabels;
import dev.pyrometer.storage.series.SeriesRegistry;
import dev.pyrometer.storage.write.ProfileWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.Set;

/** Wires the storage module: the database (external, or a local embedded one), migrations, writer and jobs. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {
    /** The database; without a JDBC URL, an embedded PostgreSQL in a local directory. Migrations run at start. */
    @Bean(destroyMethod = "close")
    public Database database(IngestProperties properties) throws IOException {
        IngestProperties.Database database = properties.database();
        return Database.open(new DatabaseSettings(database.url(), database.username(), database.password(),
                database.localDataDir(), database.localPort(), database.poolSize(), "pyrometer-ingest"), true);
    }

    @Bean
    public DataSource dataSource(Database database) {
        return database.dataSource();
    }

    @Bean
    public DailyPartitions dailyPartitions() {
        return new DailyPartitions();
    }

    @Bean
    public ProfileWriter profileWriter(DataSource dataSource, DailyPartitions partitions, IngestProperties properties) {
        IngestProperties.Storage storage = properties.storage();
        return new ProfileWriter(dataSource, new SeriesRegistry(storage.seriesCacheEntries(), new GroupLabels(Set.copyOf(storage.rollupDroppedLabels()))),
                new SymbolResolver(storage.cacheEntries()), partitions);
    }

    @Bean
    public RollupJob rollupJob(DataSource dataSource, IngestProperties properties) {
        return new RollupJob(dataSource, properties.storage().rollupGrace(), 1000, properties.storage().rollupThreads(),
                properties.storage().rollupGroupMinRows());
    }

    @Bean
    public RetentionJob retentionJob(DataSource dataSource, DailyPartitions partitions, IngestProperties properties) {
        return new RetentionJob(dataSource, partitions, properties.storage().retentionDays(), 2);
    }
}

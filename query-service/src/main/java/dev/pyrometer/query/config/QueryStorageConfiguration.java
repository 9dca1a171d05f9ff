package dev.pyrometer.query.config;

import dev.pyrometer.storage.db.Database;
import dev.pyrometer.storage.db.DatabaseSettings;
import dev.pyrometer.storage.query.SeriesCatalog;
import dev.pyrometer.storage.query.StackSymbols;
import dev.pyrometer.storage.query.TimelineReader;
import dev.pyrometer.storage.query.WindowReader;
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
                "", 0, database.poolSize(), "pyrometer-query"), false);
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

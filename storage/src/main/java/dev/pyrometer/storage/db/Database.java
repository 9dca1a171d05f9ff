package dev.pyrometer.storage.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An open connection pool to PostgreSQL, and the embedded server behind it when the settings name
 * no URL (a newcomer's first run). Closing closes both.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final LocalPostgres local;

    private Database(HikariDataSource dataSource, LocalPostgres local) {
        this.dataSource = dataSource;
        this.local = local;
    }

    /** Opens the pool (starting the embedded server first when configured so); {@code migrate} applies the Flyway migrations. */
    public static Database open(DatabaseSettings settings, boolean migrate) throws IOException {
        LocalPostgres local = null;
        HikariConfig config = new HikariConfig();
        config.setPoolName(settings.poolName());
        config.setMaximumPoolSize(settings.poolSize());
        if (settings.local()) {
            Path dataDir = Path.of(settings.localDataDir());
            log.warn("No JDBC URL set: starting a local embedded PostgreSQL in {} (for trying Pyrometer out, not for production)",
                    dataDir.toAbsolutePath());
            local = LocalPostgres.start(dataDir, settings.localPort());
            config.setJdbcUrl(local.jdbcUrl());
        } else {
            config.setJdbcUrl(settings.url());
            if (settings.username() != null && !settings.username().isBlank()) {
                config.setUsername(settings.username());
                config.setPassword(settings.password());
            }
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            if (migrate) {
                Migrations.apply(dataSource);
            }
        } catch (RuntimeException e) {
            dataSource.close();
            if (local != null) {
                local.close();
            }
            throw e;
        }
        return new Database(dataSource, local);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws IOException {
        dataSource.close();
        if (local != null) {
            local.close();
        }
    }
}

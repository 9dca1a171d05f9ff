package dev.pyrometer.storage.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An open connection pool to PostgreSQL, a {@link DatabaseProbe} watching it, and the embedded
 * server behind it when the settings name no URL (a newcomer's first run). Closing closes all.
 *
 * <p>Outages fail fast: taking a pooled connection waits at most the settings' connection timeout,
 * and a statement's socket read at most {@link #SOCKET_TIMEOUT}. The pool opens new connections by
 * itself once the database is back.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Longest wait for one read from the server: a bound on a statement that hangs on a dead peer. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    private final HikariDataSource dataSource;
    private final LocalPostgres local;
    private final DatabaseProbe probe;

    private Database(HikariDataSource dataSource, LocalPostgres local, DatabaseProbe probe) {
        this.dataSource = dataSource;
        this.local = local;
        this.probe = probe;
    }

    /** Opens the pool (starting the embedded server first when configured so); {@code migrate} applies the Flyway migrations. */
    public static Database open(DatabaseSettings settings, boolean migrate) throws IOException {
        LocalPostgres local = null;
        String url;
        if (settings.local()) {
            Path dataDir = Path.of(settings.localDataDir());
            log.warn("No JDBC URL set: starting a local embedded PostgreSQL in {} (for trying Pyrometer out, not for production)",
                    dataDir.toAbsolutePath());
            local = LocalPostgres.start(dataDir, settings.localPort());
            url = local.jdbcUrl();
        } else {
            url = settings.url();
        }
        HikariDataSource dataSource = null;
        try {
            if (migrate) {
                try (HikariDataSource migrations = new HikariDataSource(migrationConfig(settings, url))) {
                    Migrations.apply(migrations);
                }
            }
            dataSource = new HikariDataSource(poolConfig(settings, url));
        } catch (RuntimeException e) {
            if (dataSource != null) {
                dataSource.close();
            }
            if (local != null) {
                local.close();
            }
            throw e;
        }
        DatabaseProbe probe = new DatabaseProbe(url, settings.username(), settings.password(), local, PROBE_INTERVAL);
        probe.start();
        return new Database(dataSource, local, probe);
    }

    /** The pool settings for {@code url}: size, name, credentials, and the timeouts that make an outage fail fast. */
    static HikariConfig poolConfig(DatabaseSettings settings, String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(settings.poolName());
        config.setMaximumPoolSize(settings.poolSize());
        config.setJdbcUrl(url);
        if (!settings.local() && settings.username() != null && !settings.username().isBlank()) {
            config.setUsername(settings.username());
            config.setPassword(settings.password());
        }
        long timeoutMillis = Math.max(250, settings.connectionTimeout().toMillis());
        config.setConnectionTimeout(timeoutMillis);
        config.setValidationTimeout(Math.max(250, timeoutMillis / 2));
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("connectTimeout", Long.toString(Math.max(1, timeoutMillis / 1000)));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return config;
    }

    /**
     * The settings of the connections migrations run on: the pool's, without its socket timeout, since a migration that
     * rewrites a table of a large database runs for minutes (and rolls back whole if its connection is cut).
     */
    static HikariConfig migrationConfig(DatabaseSettings settings, String url) {
        HikariConfig config = poolConfig(settings, url);
        config.setPoolName(settings.poolName() + "-migrations");
        config.setMaximumPoolSize(2);
        config.addDataSourceProperty("socketTimeout", "0");
        return config;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether PostgreSQL answers, as last checked. */
    public DatabaseProbe probe() {
        return probe;
    }

    /** The embedded server, when this process runs one. */
    public java.util.Optional<LocalPostgres> local() {
        return java.util.Optional.ofNullable(local);
    }

    @Override
    public void close() throws IOException {
        probe.close();
        dataSource.close();
        if (local != null) {
            local.close();
        }
    }
}

package dev.pyrometer.storage.db;

import java.time.Duration;

/**
 * How a service reaches PostgreSQL.
 *
 * @param url               JDBC URL; empty means a local embedded PostgreSQL
 * @param username          user for {@code url}, or empty
 * @param password          password for {@code url}, or empty
 * @param localDataDir      data directory of the embedded PostgreSQL
 * @param localPort         port of the embedded PostgreSQL; 0 picks a free one
 * @param poolSize          JDBC connections
 * @param poolName          names the pool in logs and metrics
 * @param connectionTimeout longest wait for a pooled connection (Hikari allows 250 ms at least); when
 *                          the database is gone, a caller fails after this long instead of hanging
 */
public record DatabaseSettings(String url, String username, String password, String localDataDir, int localPort,
                               int poolSize, String poolName, Duration connectionTimeout) {

    /** The default connection timeout: short, so that an outage is answered well inside a client's deadline. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);

    public DatabaseSettings(String url, String username, String password, String localDataDir, int localPort,
                            int poolSize, String poolName) {
        this(url, username, password, localDataDir, localPort, poolSize, poolName, DEFAULT_CONNECTION_TIMEOUT);
    }

    public boolean local() {
        return url == null || url.isBlank();
    }
}

package dev.pyrometer.storage.db;

/**
 * How a service reaches PostgreSQL.
 *
 * @param url          JDBC URL; empty means a local embedded PostgreSQL
 * @param username     user for {@code url}, or empty
 * @param password     password for {@code url}, or empty
 * @param localDataDir data directory of the embedded PostgreSQL
 * @param localPort    port of the embedded PostgreSQL; 0 picks a free one
 * @param poolSize     JDBC connections
 * @param poolName     names the pool in logs and metrics
 */
public record DatabaseSettings(String url, String username, String password, String localDataDir, int localPort,
                               int poolSize, String poolName) {

    public boolean local() {
        return url == null || url.isBlank();
    }
}

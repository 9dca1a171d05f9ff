package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;

/** A test database and the query-service started over it; closing stops the service, then closes the database. */
public record ServedDatabase(HikariDataSource database, DashboardServer server) implements AutoCloseable {
    /** Starts query-service on a free port over {@code database}, with extra {@code settings} ("--name=value"). */
    public static ServedDatabase serve(HikariDataSource database, String... settings) {
        return new ServedDatabase(database, DashboardServer.start(database.getJdbcUrl(), 0, settings));
    }

    public <T> T bean(Class<T> type) {
        return server.bean(type);
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            database.close();
        }
    }
}

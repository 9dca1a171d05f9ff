package dev.pyrometer.storage.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * One JDBC connection of a background check, outside every pool (so a busy pool never reads as an outage),
 * opened on first use and again after {@link #reset()}. Connecting, logging in and each statement time out
 * after about one {@code interval} (whole seconds, at least one), so a check never hangs on a dead peer.
 * Used by one thread at a time.
 */
final class ProbeConnection implements AutoCloseable {
    private final String url;
    private final Properties properties;
    private final int statementTimeoutSeconds;
    private Connection connection;

    ProbeConnection(String url, String username, String password, Duration interval, String applicationName) {
        this.url = url;
        this.properties = new Properties();
        if (username != null && !username.isBlank()) {
            properties.setProperty("user", username);
            properties.setProperty("password", password == null ? "" : password);
        }
        long seconds = Math.max(1, (interval.toMillis() + 999) / 1000);
        properties.setProperty("connectTimeout", Long.toString(seconds));
        properties.setProperty("loginTimeout", Long.toString(seconds));
        properties.setProperty("socketTimeout", Long.toString(seconds + 1));
        properties.setProperty("ApplicationName", applicationName);
        this.statementTimeoutSeconds = (int) seconds;
    }

    /** The open connection, connecting first when there is none. */
    Connection connection() throws SQLException {
        if (connection == null) {
            connection = DriverManager.getConnection(url, properties);
        }
        return connection;
    }

    /** A statement on {@link #connection()} with the check's timeout. */
    Statement statement() throws SQLException {
        Statement statement = connection().createStatement();
        statement.setQueryTimeout(statementTimeoutSeconds);
        return statement;
    }

    /** Drops the connection (after a failure): the next use connects again. */
    void reset() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        reset();
    }
}

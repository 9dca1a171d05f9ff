package dev.pyrometer.storage.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.storage.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: the server named by {@code PYROMETER_TEST_JDBC_URL} (a URL with
 * rights to create databases), else one embedded server per JVM. Each {@link #create()} makes a
 * fresh, migrated database, so test classes never see each other's rows.
 */
public final class TestDatabase {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static String adminUrl;

    private TestDatabase() {
    }

    /** A new migrated database; close the returned data source when done. */
    public static HikariDataSource create() {
        HikariDataSource dataSource = createEmpty();
        Migrations.apply(dataSource);
        return dataSource;
    }

    /** A new database without any schema, for tests of the migrations themselves. */
    public static HikariDataSource createEmpty() {
        String name = "pyrometer_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        String admin = adminUrl();
        try (Connection connection = DriverManager.getConnection(admin); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " via " + admin, e);
        }
        return dataSource(withDatabase(admin, name));
    }

    /** The JDBC URL of the server's maintenance database, for tests that need a URL rather than a data source. */
    public static synchronized String adminUrl() {
        if (adminUrl == null) {
            String external = System.getenv("PYROMETER_TEST_JDBC_URL");
            adminUrl = external != null && !external.isBlank() ? external : startEmbedded();
        }
        return adminUrl;
    }

    public static String jdbcUrl(HikariDataSource dataSource) {
        return dataSource.getJdbcUrl();
    }

    private static HikariDataSource dataSource(String url) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
            return postgres.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
    }

    /** Replaces the database name in a PostgreSQL JDBC URL, keeping host, port and parameters. */
    static String withDatabase(String url, String database) {
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', Math.max(slash, 0));
        String tail = query >= 0 ? url.substring(query) : "";
        String head = slash >= 0 ? url.substring(0, slash) : (query >= 0 ? url.substring(0, query) : url);
        return head + "/" + database + tail;
    }
}

package dev.pyrometer.storage.db;

import dev.pyrometer.storage.testing.KillablePostgres;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded server is durable and comes back after a crash with every committed row. */
class LocalPostgresTest {

    @Test
    void runsWithDurableSettingsAndKeepsCommitsAcrossAKill() throws Exception {
        try (KillablePostgres postgres = KillablePostgres.start()) {
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                 Statement statement = connection.createStatement()) {
                assertThat(setting(statement, "fsync")).isEqualTo("on");
                assertThat(setting(statement, "synchronous_commit")).isEqualTo("on");
                assertThat(setting(statement, "full_page_writes")).isEqualTo("on");
                statement.execute("CREATE TABLE acknowledged (id int PRIMARY KEY)");
                statement.execute("INSERT INTO acknowledged SELECT generate_series(1, 1000)");
            }
            int port = postgres.server().port();

            postgres.kill();
            assertThat(postgres.server().running()).isFalse();
            postgres.restart();

            assertThat(postgres.server().running()).isTrue();
            assertThat(postgres.server().port()).isEqualTo(port);
            try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT count(*) FROM acknowledged")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(1000);
            }
        }
    }

    private static String setting(Statement statement, String name) throws SQLException {
        try (ResultSet result = statement.executeQuery("SHOW " + name)) {
            result.next();
            return result.getString(1);
        }
    }
}

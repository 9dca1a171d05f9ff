package dev.pyrometer.query.auth;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.auth.AuthSettings;
import dev.pyrometer.auth.Authenticator;
import dev.pyrometer.query.QueryApplication;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** query-service's secure default: bound to anything but loopback, it starts only with an explicit PYROMETER_AUTH. */
class SecureStartTest {
    private static HikariDataSource database;

    @BeforeAll
    static void database() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    /** The application with {@code properties} as command-line arguments (above application.yml). */
    private static ConfigurableApplicationContext start(String... properties) {
        List<String> args = new ArrayList<>(List.of("--pyrometer.database.url=" + database.getJdbcUrl(), "--server.port=0",
                "--management.server.port=0"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(QueryApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void everyInterfaceWithoutAuthSettingsRefusesToStartAndSaysHowToSetUpTokens() {
        assertThatThrownBy(() -> start("server.address=0.0.0.0").close())
                .rootCause().isInstanceOf(AuthSettings.InsecureStartException.class)
                .hasMessageStartingWith("refusing to start without authentication: HTTP API and dashboard (PYROMETER_QUERY_ADDRESS) on 0.0.0.0"
                        + " is not a loopback address and PYROMETER_AUTH is auto.")
                .hasMessageContaining("tokens create --tenant=<tenant>")
                .hasMessageContaining("set PYROMETER_AUTH=tokens")
                .hasMessageContaining("set PYROMETER_AUTH=off");
    }

    @Test
    void loopbackStartsWithoutAuthenticationAndTokensModeEnforcesOnEveryInterface() {
        try (ConfigurableApplicationContext context = start("server.address=127.0.0.1")) {
            assertThat(context.getBean(Authenticator.class).enforcing()).isFalse();
        }
        try (ConfigurableApplicationContext context = start("server.address=0.0.0.0", "pyrometer.auth.mode=tokens")) {
            assertThat(context.getBean(Authenticator.class).enforcing()).isTrue();
        }
    }
}

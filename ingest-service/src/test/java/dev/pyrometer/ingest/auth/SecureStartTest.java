package dev.pyrometer.ingest.auth;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.auth.AuthGate;
import dev.pyrometer.auth.AuthSettings;
import dev.pyrometer.auth.Authenticator;
import dev.pyrometer.ingest.IngestApplication;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ingest-service's secure default: where it listens decides whether it may start without tokens. */
@ExtendWith(OutputCaptureExtension.class)
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
        List<String> args = new ArrayList<>(List.of("--pyrometer.database.url=" + database.getJdbcUrl(),
                "--pyrometer.grpc.port=0", "--server.port=0", "--pyrometer.storage.rollup-interval=1h"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(IngestApplication.class).run(args.toArray(String[]::new));
    }

    @Test
    void everyInterfaceWithoutAuthSettingsRefusesToStartAndSaysHowToSetUpTokens() {
        assertThatThrownBy(() -> start("pyrometer.grpc.address=0.0.0.0", "server.address=127.0.0.1").close())
                .rootCause().isInstanceOf(AuthSettings.InsecureStartException.class)
                .hasMessageStartingWith("refusing to start without authentication: gRPC (PYROMETER_GRPC_ADDRESS) on 0.0.0.0"
                        + " is not a loopback address and PYROMETER_AUTH is auto.")
                .hasMessageContaining("`java -jar ingest-service.jar tokens create --tenant=<tenant> --scope=push,read --name=<name>`")
                .hasMessageContaining("set PYROMETER_AUTH=tokens")
                .hasMessageContaining("set PYROMETER_AUTH=off");
        assertThatThrownBy(() -> start("pyrometer.grpc.address=127.0.0.1", "server.address=0.0.0.0").close())
                .rootCause().hasMessageStartingWith("refusing to start without authentication: HTTP (server.address) on 0.0.0.0");
    }

    @Test
    void loopbackStartsWithoutAuthenticationAndSaysSo(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("pyrometer.grpc.address=127.0.0.1", "server.address=127.0.0.1")) {
            assertThat(context.getBean(Authenticator.class)).isSameAs(Authenticator.OFF);
            assertThat(output.getOut()).contains("authentication is off: listening on loopback only"
                    + " (gRPC (PYROMETER_GRPC_ADDRESS) 127.0.0.1, HTTP (server.address) 127.0.0.1)");
        }
    }

    @Test
    void offOnEveryInterfaceStartsAndWarns(CapturedOutput output) {
        try (ConfigurableApplicationContext context =
                start("pyrometer.auth.mode=off", "pyrometer.grpc.address=0.0.0.0", "server.address=127.0.0.1")) {
            assertThat(context.getBean(Authenticator.class).enforcing()).isFalse();
            assertThat(output.getOut()).contains(
                    "authentication is OFF (PYROMETER_AUTH=off) while listening on gRPC (PYROMETER_GRPC_ADDRESS) 0.0.0.0");
        }
    }

    @Test
    void tokensModeRequiresTokensEvenOnEveryInterface() {
        try (ConfigurableApplicationContext context =
                start("pyrometer.auth.mode=tokens", "pyrometer.grpc.address=0.0.0.0", "server.address=127.0.0.1")) {
            assertThat(context.getBean(Authenticator.class).enforcing()).isTrue();
            assertThat(context.getBean(AuthGate.class).tokensRequired()).isTrue();
        }
    }
}

package dev.pyrometer.ingest.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.auth.AuthGate;
import dev.pyrometer.auth.AuthSettings;
import dev.pyrometer.auth.Authenticator;
import dev.pyrometer.ingest.IngestApplication;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ingest-service's secure default: where it listens decides whether it may start without tokens. */
class SecureStartTest {
    private static HikariDataSource database;

    @BeforeAll
    static void database() {
        database = TestDatabase.create();
        // Spring Boot's logging system would reset logback at each start, detaching the appender that captures AuthGate.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    }

    @AfterAll
    static void close() {
        System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
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
    void loopbackStartsWithoutAuthenticationAndSaysSo() {
        try (Captured log = new Captured(); ConfigurableApplicationContext context =
                start("pyrometer.grpc.address=127.0.0.1", "server.address=127.0.0.1")) {
            assertThat(context.getBean(Authenticator.class)).isSameAs(Authenticator.OFF);
            assertThat(log.lines()).contains("authentication is off: listening on loopback only"
                    + " (gRPC (PYROMETER_GRPC_ADDRESS) 127.0.0.1, HTTP (server.address) 127.0.0.1)");
        }
    }

    @Test
    void offOnEveryInterfaceStartsAndWarns() {
        try (Captured log = new Captured(); ConfigurableApplicationContext context =
                start("pyrometer.auth.mode=off", "pyrometer.grpc.address=0.0.0.0", "server.address=127.0.0.1")) {
            assertThat(context.getBean(Authenticator.class).enforcing()).isFalse();
            assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith(
                    "authentication is OFF (PYROMETER_AUTH=off) while listening on gRPC (PYROMETER_GRPC_ADDRESS) 0.0.0.0"));
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

    /** AuthGate's log lines while open. */
    static final class Captured implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger(AuthGate.class);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        Captured() {
            appender.start();
            logger.addAppender(appender);
        }

        List<String> lines() {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
        }
    }
}

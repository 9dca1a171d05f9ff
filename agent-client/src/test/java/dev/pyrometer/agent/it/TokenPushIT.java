package dev.pyrometer.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.agent.config.PushConfig;
import dev.pyrometer.agent.config.TlsConfig;
import dev.pyrometer.agent.push.api.DropReason;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.push.api.PushStats;
import dev.pyrometer.agent.push.impl.GrpcPushClient;
import dev.pyrometer.agent.testing.AgentJar;
import dev.pyrometer.agent.testing.IngestServer;
import dev.pyrometer.agent.testing.RecordingObserver;
import dev.pyrometer.agent.testing.StoredProfiles;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push client against ingest-service with API tokens required: its token, created with the service jar's own
 * CLI, is sent as {@code authorization: Bearer} and the profiles are stored in the token's tenant; with a wrong token
 * or a tenant the token may not use, every profile is dropped as REJECTED, sent once, and nothing is stored.
 */
class TokenPushIT {
    private static final Pattern TOKEN = Pattern.compile("(?m)^token: (pyro_\\S+)$");
    private static HikariDataSource database;
    private static IngestServer ingest;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.create();
        ingest = IngestServer.start(TestDatabase.jdbcUrl(database), 0, List.of("--pyrometer.auth.mode=tokens"));
        token = createToken("agent-team", "push");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        ingest.close();
        database.close();
    }

    @Test
    void withItsTokenTheAgentPushesIntoTheTokensTenant() throws Exception {
        Outcome outcome = push("token-ok", token, "");
        assertThat(outcome.stats.accepted()).isEqualTo(2);
        assertThat(outcome.observer.dropped()).isEmpty();
        assertThat(new StoredProfiles(database).rowsOf("token-ok")).isPositive();
        assertThat(tenantsOf("token-ok")).containsExactly("agent-team");
    }

    @Test
    void aWrongTokenOrAnotherTenantIsDroppedAsRejectedAndStoresNothing() throws Exception {
        Outcome wrong = push("token-wrong", "pyro_AAAAAAAAAAAA_" + "x".repeat(43), "");
        assertThat(wrong.stats.rejected()).isEqualTo(2);
        assertThat(wrong.stats.retries()).isZero();
        assertThat(wrong.observer.dropped()).hasSize(2).allSatisfy(drop -> {
            assertThat(drop.reason()).isEqualTo(DropReason.REJECTED);
            assertThat(drop.detail()).isEqualTo("UNAUTHENTICATED: unknown token AAAAAAAAAAAA");
        });

        Outcome otherTenant = push("token-other-tenant", token, "someone-else");
        assertThat(otherTenant.observer.dropped()).hasSize(2).allSatisfy(drop -> {
            assertThat(drop.reason()).isEqualTo(DropReason.REJECTED);
            assertThat(drop.detail()).isEqualTo("PERMISSION_DENIED: token may not access tenant someone-else");
        });
        StoredProfiles store = new StoredProfiles(database);
        assertThat(store.rowsOf("token-wrong")).isZero();
        assertThat(store.rowsOf("token-other-tenant")).isZero();
        assertThat(ingest.log()).doesNotContain(token.substring(token.lastIndexOf('_') + 1));
    }

    private record Outcome(PushStats stats, RecordingObserver observer) {
    }

    private static Outcome push(String service, String token, String tenant) throws Exception {
        long end = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        long start = end - TimeUnit.SECONDS.toNanos(10);
        RecordingObserver observer = new RecordingObserver();
        PushConfig config = new PushConfig(ingest.target(), tenant, TlsConfig.PLAINTEXT, token, Duration.ofSeconds(30), 2, 64 << 20,
                Duration.ofSeconds(30), 100, 64 << 20, Duration.ofMillis(100), Duration.ofSeconds(1), 5, Duration.ofSeconds(5));
        // The client's own channel, which sends the tenant and the token on every call.
        GrpcPushClient client = GrpcPushClient.open(config, observer);
        try {
            client.submit(new OutgoingProfile(service + "-cpu", "process_cpu", Map.of("service_name", service),
                    Fixtures.bytes("cpu-3.pb.gz"), start, end));
            client.submit(new OutgoingProfile(service + "-heap", "memory", Map.of("service_name", service),
                    Fixtures.bytes("heap-1.pb.gz"), start, end));
            assertThat(client.awaitIdle(Duration.ofMinutes(2))).as("every profile delivered or dropped").isTrue();
        } finally {
            client.close();
        }
        return new Outcome(client.stats(), observer);
    }

    /** {@code java -jar ingest-service.jar tokens create ...} against the test database; the printed token. */
    private static String createToken(String tenant, String scope) throws Exception {
        Path log = Files.createTempFile("tokens-create", ".log");
        Process process = AgentJar.start(List.of("-jar", System.getProperty("pyrometer.ingest.jar")),
                List.of("tokens", "create", "--tenant=" + tenant, "--scope=" + scope, "--name=agent-it"),
                Map.of("PYROMETER_JDBC_URL", TestDatabase.jdbcUrl(database)), log);
        assertThat(process.waitFor()).as(Files.readString(log)).isZero();
        Matcher matcher = TOKEN.matcher(Files.readString(log));
        assertThat(matcher.find()).as(Files.readString(log)).isTrue();
        return matcher.group(1);
    }

    private static Set<String> tenantsOf(String service) throws Exception {
        try (var connection = database.getConnection(); var statement = connection.prepareStatement(
                "SELECT DISTINCT t.name FROM series s JOIN tenant t ON t.id = s.tenant_id WHERE s.service_name = ?")) {
            statement.setString(1, service);
            try (var rows = statement.executeQuery()) {
                java.util.Set<String> tenants = new java.util.TreeSet<>();
                while (rows.next()) {
                    tenants.add(rows.getString(1));
                }
                return tenants;
            }
        }
    }
}

package dev.pyrometer.compat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pyrometer.compat.isolation.Credential;
import dev.pyrometer.compat.isolation.WriteEdge;
import dev.pyrometer.compat.replica.CpuProfile;
import dev.pyrometer.compat.replica.QueryManagement;
import dev.pyrometer.compat.stack.Await;
import dev.pyrometer.compat.stack.PyrometerStack;
import dev.pyrometer.storage.testing.KillablePostgres;
import dev.pyrometer.storage.testing.StreamingReplica;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * query-service on a streaming replica: two real PostgreSQL servers (a primary and a hot standby made from it by a
 * base backup), ingest-service's jar writing to the primary, query-service's jar with the primary's URL and the
 * replica's ({@code PYROMETER_DATABASE_REPLICA_MAX_LAG=15s}). A flame graph answered from the replica holds exactly
 * what was pushed to the primary; with replay paused the replica serves its older data until it trails by more
 * than the bound, then the primary answers (fresh) and health says stale; once replay resumes, the replica answers
 * again. Which database answered each call is read from {@code pyrometer_query_reads_total{database}}.
 */
class ReplicaReadsIT {
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String SERVICE = "replica-demo";
    private static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private static final long FIRST_NANOS = 300_000_000;
    private static final long SECOND_NANOS = 500_000_000;

    @TempDir
    static Path work;
    private static KillablePostgres primary;
    private static StreamingReplica replica;
    private static PyrometerStack stack;
    private static ManagedChannel grpc;
    private static QueryApi api;
    private static QueryManagement management;

    @BeforeAll
    static void start() throws Exception {
        primary = KillablePostgres.start();
        replica = StreamingReplica.of(primary);
        stack = PyrometerStack.start(PyrometerStack.INGEST_JAR, PyrometerStack.QUERY_JAR, work, Map.of("PYROMETER_JDBC_URL", primary.jdbcUrl()),
                Map.of("PYROMETER_JDBC_URL", primary.jdbcUrl(), "PYROMETER_DATABASE_REPLICA_URL", replica.jdbcUrl(),
                        "PYROMETER_DATABASE_REPLICA_MAX_LAG", "15s"));
        grpc = Grpc.newChannelBuilder(stack.grpcTarget(), InsecureChannelCredentials.create()).build();
        api = new QueryApi(stack.queryUrl());
        management = new QueryManagement(stack.queryManagementUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        if (grpc != null) {
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (stack != null) {
            stack.close();
        }
        if (replica != null) {
            replica.close();
        }
        if (primary != null) {
            primary.close();
        }
    }

    @Test
    void readsComeFromTheReplicaWithinTheBoundAndFromThePrimaryPastIt() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String from = now.minus(Duration.ofMinutes(10)).toString();
        String to = now.toString();
        JsonNode inUse = awaitReplicaState("in_use");
        assertThat(inUse.path("status").asText()).isEqualTo("UP");
        assertThat(inUse.path("details").path("readsFrom").asText()).isEqualTo("replica");
        assertThat(inUse.path("details").path("maxLagSeconds").asDouble()).isEqualTo(15.0);
        assertThat(inUse.path("details").path("lagSeconds").asDouble(-1)).isBetween(0.0, 15.0);

        push(FIRST_NANOS, now.minus(Duration.ofMinutes(3)));
        Await.until("the replica's flame graph holds the first push", deadline(), () -> api.flameGraphTotal(SERVICE, CPU, from, to),
                total -> total == FIRST_NANOS, stack::diagnostics);
        assertThat(answeredBy(from, to)).as("answered by the replica").isEqualTo(new Answer("replica", FIRST_NANOS));
        assertThat(management.metric("pyrometer_query_reads_from", Map.of("database", "replica"))).isEqualTo(1.0);
        assertThat(management.metric("pyrometer_replica_max_lag_seconds", Map.of())).isEqualTo(15.0);
        assertThat(management.metric("pyrometer_replica_lag_seconds", Map.of())).isBetween(0.0, 15.0);

        replica.pauseReplay();
        push(SECOND_NANOS, now.minus(Duration.ofMinutes(2)));
        assertThat(answeredBy(from, to)).as("a paused replica within the bound still answers, with what it had replayed")
                .isEqualTo(new Answer("replica", FIRST_NANOS));

        JsonNode stale = awaitReplicaState("stale");
        assertThat(stale.path("status").asText()).isEqualTo("OUT_OF_SERVICE");
        assertThat(stale.path("details").path("readsFrom").asText()).isEqualTo("primary");
        assertThat(stale.path("details").path("replayPaused").asBoolean()).isTrue();
        assertThat(stale.path("details").path("lagSeconds").asDouble()).isGreaterThan(15.0);
        assertThat(answeredBy(from, to)).as("past the bound the primary answers, fresh").isEqualTo(new Answer("primary", FIRST_NANOS + SECOND_NANOS));
        assertThat(management.metric("pyrometer_query_reads_from", Map.of("database", "primary"))).isEqualTo(1.0);
        assertThat(management.metric("pyrometer_replica_lag_seconds", Map.of())).isGreaterThan(15.0);
        assertThat(management.metric("pyrometer_replica_max_lag_seconds", Map.of())).isEqualTo(15.0);

        replica.resumeReplay();
        JsonNode back = awaitReplicaState("in_use");
        assertThat(back.path("details").path("replayPaused").asBoolean()).isFalse();
        assertThat(answeredBy(from, to)).as("the caught-up replica answers again").isEqualTo(new Answer("replica", FIRST_NANOS + SECOND_NANOS));
        assertThat(stack.queryLog()).contains("Profile reads go to the primary: the replica trails the primary by more than the bound")
                .contains("Profile reads go to the replica");
        System.out.println("replica health, in use: " + inUse + "\nreplica health, stale: " + stale + "\nreplica health, back: " + back
                + "\nquery-service's routing log:\n" + String.join("\n", stack.queryLog().lines().filter(line -> line.contains("Profile reads go")).toList()));
    }

    /** Which database answered one flame graph call (from the read counters around it), and its total. */
    private record Answer(String database, long total) {
    }

    private static Answer answeredBy(String from, String to) throws Exception {
        long[] before = management.reads();
        long total = api.flameGraphTotal(SERVICE, CPU, from, to);
        long[] after = management.reads();
        long primaryReads = after[0] - before[0];
        long replicaReads = after[1] - before[1];
        assertThat(primaryReads == 0 ^ replicaReads == 0).as("one call reads one database: %d primary, %d replica reads", primaryReads,
                replicaReads).isTrue();
        return new Answer(replicaReads > 0 ? "replica" : "primary", total);
    }

    private static void push(long cpuNanos, Instant at) {
        String status = WriteEdge.grpc("grpc", grpc).push(Credential.of("none", null, null, null), SERVICE, CpuProfile.gzipped(cpuNanos, at), at);
        assertThat(status).as("push answer").isEqualTo("200");
    }

    private static JsonNode awaitReplicaState(String state) throws InterruptedException {
        return Await.until("replica health state " + state, deadline(), management::replicaHealth,
                health -> state.equals(health.path("details").path("state").asText()), stack::diagnostics);
    }

    private static Instant deadline() {
        return Instant.now().plus(PATIENCE);
    }
}

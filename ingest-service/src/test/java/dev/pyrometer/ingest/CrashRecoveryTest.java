package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.IngestProcess;
import dev.pyrometer.ingest.support.IngestTestKit;
import dev.pyrometer.ingest.support.PushLoad;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.testing.Awaits;
import dev.pyrometer.storage.testing.KillablePostgres;
import dev.pyrometer.storage.write.Receipts;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static dev.pyrometer.ingest.support.IngestTestKit.capture;
import static dev.pyrometer.ingest.support.IngestTestKit.labels;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No acknowledged profile is lost or stored twice when PostgreSQL's postmaster or ingest-service
 * itself is killed with {@code kill -9} under load, and the service recovers by itself. Both run as
 * separate processes, as in production; after the crash, every id answered ACCEPTED is in the
 * database exactly once (one row per series the server reported) and pushing it again answers
 * DUPLICATE.
 */
class CrashRecoveryTest {
    private static final int THREADS = 4;
    private static final int ACKS_BEFORE_CRASH = 150;
    private static final int ACKS_AFTER_RECOVERY = 150;
    /** One snapshot time for every profile: a push of the same id again is then the same row. */
    private static final long SNAPSHOT_NANOS = IngestTestKit.recentNanos();

    @Test
    void killingThePostmasterLosesNothingAcknowledgedAndTheLocalServerComesBack(@TempDir Path dataDirectory) throws Exception {
        int databasePort = freePort();
        Map<String, String> env = Map.of(
                "PYROMETER_JDBC_URL", "",
                "PYROMETER_LOCAL_DATA_DIR", dataDirectory.toString(),
                "PYROMETER_LOCAL_DB_PORT", Integer.toString(databasePort));
        String jdbcUrl = "jdbc:postgresql://localhost:" + databasePort + "/postgres?user=postgres";
        try (IngestProcess ingest = IngestProcess.start("local", env, "-Xmx512m")) {
            AtomicReference<ManagedChannel> channel = new AtomicReference<>(IngestTestKit.channel(ingest.grpcPort()));
            PushLoad load = new PushLoad(channel, "pg-crash", CrashRecoveryTest::profile, THREADS);
            try {
                awaitAcks(load, ACKS_BEFORE_CRASH);
                int acknowledgedAtCrash = load.accepted().size();
                KillablePostgres.kill(dataDirectory);
                Awaits.until("readiness turns DOWN", Duration.ofSeconds(30), () -> ingest.readinessStatus() == 503);
                Awaits.until("readiness is UP again (the embedded server restarted)", Duration.ofMinutes(2), ingest::ready);
                awaitAcks(load, load.accepted().size() + ACKS_AFTER_RECOVERY);
                load.close();
                System.out.printf("postmaster kill -9: %d ACCEPTED before the kill, %d in all, %d refused (%s)%n",
                        acknowledgedAtCrash, load.accepted().size(), load.failed().size(), codes(load));
                assertEveryAcknowledgedProfileStoredOnce(load, jdbcUrl, channel.get());
            } finally {
                load.close();
                IngestTestKit.close(channel.get());
            }
            assertThat(ingest.alive()).isTrue();
        }
    }

    @Test
    void killingIngestServiceLosesNothingAcknowledged() throws Exception {
        try (KillablePostgres postgres = KillablePostgres.start()) {
            Map<String, String> env = Map.of("PYROMETER_JDBC_URL", postgres.jdbcUrl());
            IngestProcess first = IngestProcess.start("before-crash", env, "-Xmx512m");
            AtomicReference<ManagedChannel> channel = new AtomicReference<>(IngestTestKit.channel(first.grpcPort()));
            PushLoad load = new PushLoad(channel, "ingest-crash", CrashRecoveryTest::profile, THREADS);
            try (IngestProcess ignored = first) {
                awaitAcks(load, ACKS_BEFORE_CRASH);
                first.kill();
            }
            int acknowledgedAtCrash = load.accepted().size();
            try (IngestProcess second = IngestProcess.start("after-crash", env, "-Xmx512m")) {
                ManagedChannel old = channel.getAndSet(IngestTestKit.channel(second.grpcPort()));
                IngestTestKit.close(old);
                awaitAcks(load, load.accepted().size() + ACKS_AFTER_RECOVERY);
                load.close();
                System.out.printf("ingest-service kill -9: %d ACCEPTED before the kill, %d in all, %d refused (%s)%n",
                        acknowledgedAtCrash, load.accepted().size(), load.failed().size(), codes(load));
                assertEveryAcknowledgedProfileStoredOnce(load, postgres.jdbcUrl(), channel.get());
            } finally {
                load.close();
                IngestTestKit.close(channel.get());
            }
        }
    }

    private static RawProfile profile(String id) {
        return capture("cpu-1.pb.gz", id, SNAPSHOT_NANOS, labels("service_name", "crash-test"), "process_cpu");
    }

    private static void awaitAcks(PushLoad load, int count) {
        Awaits.until(count + " pushes are ACCEPTED", Duration.ofMinutes(3), () -> load.accepted().size() >= count);
    }

    private static void assertEveryAcknowledgedProfileStoredOnce(PushLoad load, String jdbcUrl, ManagedChannel channel) throws Exception {
        Map<Long, Long> rowsByReceipt = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT receipt, count(*) FROM " + RawRows.all() + " AS p GROUP BY receipt")) {
            while (rows.next()) {
                rowsByReceipt.put(rows.getLong(1), rows.getLong(2));
            }
        }
        int lost = 0;
        int doubled = 0;
        for (Map.Entry<String, Integer> acknowledged : load.accepted().entrySet()) {
            long rows = rowsByReceipt.getOrDefault(Receipts.of(acknowledged.getKey()), 0L);
            lost += rows == 0 ? 1 : 0;
            doubled += rows > acknowledged.getValue() ? 1 : 0;
            assertThat(rows).as("rows of acknowledged %s", acknowledged.getKey()).isEqualTo(acknowledged.getValue().longValue());
        }
        int duplicates = 0;
        IngestServiceGrpc.IngestServiceBlockingStub stub = IngestServiceGrpc.newBlockingStub(channel);
        for (String id : load.accepted().keySet()) {
            PushResponse again = pushUntilAnswered(stub, profile(id));
            assertThat(again.getResults(0).getOutcome()).as("push of %s again", id).isEqualTo(Outcome.OUTCOME_DUPLICATE);
            duplicates++;
        }
        System.out.printf("checked %d acknowledged ids: %d lost, %d stored twice, %d DUPLICATE when pushed again%n",
                load.accepted().size(), lost, doubled, duplicates);
    }

    /** Pushes again until the server answers (it may still refuse transiently right after recovery). */
    private static PushResponse pushUntilAnswered(IngestServiceGrpc.IngestServiceBlockingStub stub, RawProfile profile) {
        AtomicReference<PushResponse> answer = new AtomicReference<>();
        Awaits.until("a push of " + profile.getId() + " is answered", Duration.ofMinutes(1), () -> {
            try {
                answer.set(stub.withDeadlineAfter(10, TimeUnit.SECONDS).push(IngestTestKit.push(profile)));
                return true;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE && e.getStatus().getCode() != Status.Code.RESOURCE_EXHAUSTED) {
                    throw e;
                }
                return false;
            }
        });
        return answer.get();
    }

    private static Map<Status.Code, Long> codes(PushLoad load) {
        Map<Status.Code, Long> codes = new HashMap<>();
        load.failed().values().forEach(code -> codes.merge(code, 1L, Long::sum));
        return codes;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

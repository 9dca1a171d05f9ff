package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.IngestProcess;
import dev.pyrometer.ingest.support.IngestTestKit;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.storage.testing.Awaits;
import dev.pyrometer.storage.testing.KillablePostgres;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.pyrometer.ingest.support.IngestTestKit.capture;
import static dev.pyrometer.ingest.support.IngestTestKit.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * When PostgreSQL goes away, pushes are refused with UNAVAILABLE well inside a client's deadline
 * (they never hang until it), readiness turns DOWN, and both recover by themselves when the
 * database returns. The figures (time to DOWN, to UP) are printed.
 */
class DatabaseOutageTest {
    /** A client deadline shorter than the agent's: an answer inside it proves the refusal is fast. */
    private static final long CLIENT_DEADLINE_MS = 2000;
    private static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("pyrometer-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);
    private static final long SNAPSHOT_NANOS = IngestTestKit.recentNanos();

    @Test
    void pushesFailFastAndReadinessFollowsTheDatabase() throws Exception {
        try (KillablePostgres postgres = KillablePostgres.start();
             IngestProcess ingest = IngestProcess.start("outage", Map.of("PYROMETER_JDBC_URL", postgres.jdbcUrl()), "-Xmx512m")) {
            ManagedChannel channel = IngestTestKit.channel(ingest.grpcPort());
            try {
                IngestServiceGrpc.IngestServiceBlockingStub stub = IngestServiceGrpc.newBlockingStub(channel);
                assertThat(push(stub, "outage-before").getResults(0).getOutcome()).isEqualTo(Outcome.OUTCOME_ACCEPTED);

                postgres.kill();
                long killed = System.nanoTime();
                // Right after the kill, before the probe has noticed: the writer's connection attempt fails fast.
                assertUnavailableWithinDeadline(stub, "outage-at-kill");
                Awaits.until("readiness turns DOWN", Duration.ofSeconds(60), () -> ingest.readinessStatus() == 503);
                long down = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    assertUnavailableWithinDeadline(stub, "outage-during-" + i);
                }

                postgres.restart();
                long restarted = System.nanoTime();
                Awaits.until("readiness is UP again", Duration.ofSeconds(60), ingest::ready);
                long up = System.nanoTime();
                assertThat(push(stub, "outage-after").getResults(0).getOutcome()).isEqualTo(Outcome.OUTCOME_ACCEPTED);
                assertThat(ingest.alive()).isTrue();
                System.out.printf("database outage: readiness DOWN %d ms after the kill, UP %d ms after the restart%n",
                        TimeUnit.NANOSECONDS.toMillis(down - killed), TimeUnit.NANOSECONDS.toMillis(up - restarted));
            } finally {
                IngestTestKit.close(channel);
            }
        }
    }

    private static void assertUnavailableWithinDeadline(IngestServiceGrpc.IngestServiceBlockingStub stub, String id) {
        StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class, () -> push(stub, id));
        assertThat(refused).as("push %s during the outage", id).isNotNull();
        assertThat(refused.getStatus().getCode()).as("status of %s: %s", id, refused.getStatus()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(refused.getStatus().getDescription()).contains("nothing of").doesNotContain("PSQLException", "Connection to");
        assertThat(refused.getTrailers().get(RETRY_AFTER)).isEqualTo("1000");
    }

    private static dev.pyrometer.protocol.ingest.v1.PushResponse push(IngestServiceGrpc.IngestServiceBlockingStub stub, String id) {
        RawProfile profile = capture("cpu-1.pb.gz", id, SNAPSHOT_NANOS, labels("service_name", "outage-test"), "process_cpu");
        return stub.withDeadlineAfter(CLIENT_DEADLINE_MS, TimeUnit.MILLISECONDS).push(IngestTestKit.push(profile));
    }
}

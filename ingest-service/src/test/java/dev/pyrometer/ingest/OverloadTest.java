package dev.pyrometer.ingest;

import com.google.common.util.concurrent.ListenableFuture;
import dev.pyrometer.ingest.support.IngestProcess;
import dev.pyrometer.ingest.support.IngestTestKit;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.testing.KillablePostgres;
import dev.pyrometer.storage.write.Receipts;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.pyrometer.ingest.support.IngestTestKit.capture;
import static dev.pyrometer.ingest.support.IngestTestKit.labels;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 2,000 pushes in flight at once against an ingest-service with small inbound and queue budgets:
 * every push is answered within its 10 s deadline, stored or refused with a code clients retry
 * (never left to time out), everything acknowledged is stored once, and neither budget is ever
 * exceeded (their peaks come from the service's own metrics).
 */
class OverloadTest {
    private static final int PUSHES = 2000;
    private static final long QUEUE_BYTES = 2L << 20;
    private static final long INBOUND_BYTES = 64L << 20;
    private static final long MAX_MESSAGE_BYTES = 256L << 10;
    private static final long SNAPSHOT_NANOS = IngestTestKit.recentNanos();

    @Test
    void everyPushIsAnsweredInsideItsDeadlineAndTheBudgetsHold() throws Exception {
        try (KillablePostgres postgres = KillablePostgres.start();
             IngestProcess ingest = IngestProcess.start("overload", Map.of(
                     "PYROMETER_JDBC_URL", postgres.jdbcUrl(),
                     "PYROMETER_QUEUE_BYTES", Long.toString(QUEUE_BYTES),
                     "PYROMETER_GRPC_INBOUND_BUDGET_BYTES", Long.toString(INBOUND_BYTES),
                     "PYROMETER_GRPC_MAX_MESSAGE_BYTES", Long.toString(MAX_MESSAGE_BYTES)), "-Xmx512m")) {
            ManagedChannel channel = IngestTestKit.channel(ingest.grpcPort());
            try {
                IngestServiceGrpc.IngestServiceFutureStub stub = IngestServiceGrpc.newFutureStub(channel);
                List<ListenableFuture<PushResponse>> calls = new ArrayList<>();
                for (int i = 0; i < PUSHES; i++) {
                    calls.add(stub.withDeadlineAfter(10, TimeUnit.SECONDS).push(IngestTestKit.push(profile("overload-" + i))));
                }
                Map<Status.Code, Integer> answers = new EnumMap<>(Status.Code.class);
                List<String> accepted = new ArrayList<>();
                for (int i = 0; i < PUSHES; i++) {
                    Status.Code code = answer(calls.get(i));
                    answers.merge(code, 1, Integer::sum);
                    if (code == Status.Code.OK) {
                        assertThat(calls.get(i).get().getResults(0).getOutcome()).isEqualTo(Outcome.OUTCOME_ACCEPTED);
                        accepted.add("overload-" + i);
                    }
                }
                long queuePeak = (long) ingest.metric("pyrometer_ingest_queue_bytes_peak_bytes");
                long inboundPeak = (long) ingest.metric("pyrometer_ingest_inbound_bytes_peak_bytes");
                System.out.printf("2000 pushes at once: %s; queue peak %d of %d bytes, inbound peak %d of %d bytes%n",
                        answers, queuePeak, QUEUE_BYTES, inboundPeak, INBOUND_BYTES);

                assertThat(answers.keySet()).isSubsetOf(Status.Code.OK, Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNAVAILABLE);
                assertThat(answers.getOrDefault(Status.Code.OK, 0)).isPositive();
                assertThat(queuePeak).isPositive().isLessThanOrEqualTo(QUEUE_BYTES);
                assertThat(inboundPeak).isPositive().isLessThanOrEqualTo(INBOUND_BYTES);
                assertStoredOnce(postgres.jdbcUrl(), accepted);
            } finally {
                IngestTestKit.close(channel);
            }
        }
    }

    private static Status.Code answer(ListenableFuture<PushResponse> call) throws InterruptedException {
        try {
            call.get();
            return Status.Code.OK;
        } catch (ExecutionException e) {
            return Status.fromThrowable(e.getCause()).getCode();
        }
    }

    private static void assertStoredOnce(String jdbcUrl, List<String> accepted) throws Exception {
        Map<Long, Long> rowsByReceipt = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT receipt, count(*) FROM " + RawRows.all() + " AS p GROUP BY receipt")) {
            while (rows.next()) {
                rowsByReceipt.put(rows.getLong(1), rows.getLong(2));
            }
        }
        for (String id : accepted) {
            // cpu-1 with the process_cpu name splits into two series (samples, cpu).
            assertThat(rowsByReceipt.get(Receipts.of(id))).as("rows of %s", id).isEqualTo(2L);
        }
        assertThat(rowsByReceipt.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(2L * accepted.size());
    }

    private static RawProfile profile(String id) {
        return capture("cpu-1.pb.gz", id, SNAPSHOT_NANOS, labels("service_name", "overload-test"), "process_cpu");
    }
}

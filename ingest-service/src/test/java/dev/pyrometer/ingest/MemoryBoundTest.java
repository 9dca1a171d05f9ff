package dev.pyrometer.ingest;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import dev.pyrometer.ingest.support.IngestProcess;
import dev.pyrometer.ingest.support.IngestTestKit;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.profile.testing.WirePprof;
import dev.pyrometer.storage.testing.KillablePostgres;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static dev.pyrometer.ingest.support.IngestTestKit.labels;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small valid-looking uploads cannot exhaust ingest-service's memory. At the documented heap
 * (-Xmx1g), each hostile case is refused or stored, the service never runs out of memory, keeps
 * storing ordinary pushes, and its peak resident memory stays under {@link #RSS_BOUND}:
 * <ul>
 *   <li>a 4,000,000-sample pprof that gzips to a few tens of KB (refused before it is parsed);
 *   <li>four concurrent pushes of one location with 1,024 inline lines referenced by 200,000
 *       samples (inside every limit);
 *   <li>eight concurrent 60 MB messages (refused before they are read).
 * </ul>
 */
class MemoryBoundTest {
    /** Heap plus the JVM's own needs (metaspace, code, threads, gRPC's direct buffers). */
    private static final long RSS_BOUND = 1536L << 20;
    private static final long SNAPSHOT_NANOS = IngestTestKit.recentNanos();

    @Test
    void hostileUploadsAreRefusedOrStoredWithinBoundedMemory() throws Exception {
        try (KillablePostgres postgres = KillablePostgres.start();
             IngestProcess ingest = IngestProcess.start("memory", Map.of("PYROMETER_JDBC_URL", postgres.jdbcUrl()), "-Xmx1g")) {
            ManagedChannel channel = IngestTestKit.channel(ingest.grpcPort());
            try {
                IngestServiceGrpc.IngestServiceFutureStub stub = IngestServiceGrpc.newFutureStub(channel);

                byte[] flood = new WirePprof().strings("", "samples", "count", "main.f", "main.go").sampleType(1, 2)
                        .function(1, 3, 4).location(1, 1, 10).samples(4_000_000, new long[] {1}, new long[] {1}).gzipped();
                Map<Status.Code, Integer> floodAnswers = answers(List.of(send(stub, withPprof("flood", flood))));
                assertThat(floodAnswers).containsOnlyKeys(Status.Code.INVALID_ARGUMENT);

                long[] inlineLines = new long[1024];
                for (int i = 0; i < inlineLines.length; i++) {
                    inlineLines[i] = i + 1;
                }
                byte[] inline = new WirePprof().strings("", "samples", "count", "main.inlined", "main.go").sampleType(1, 2)
                        .function(1, 3, 4).location(1, 1, inlineLines).samples(200_000, new long[] {1}, new long[] {1}).gzipped();
                List<ListenableFuture<PushResponse>> inlineCalls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    inlineCalls.add(send(stub, withPprof("inline-" + i, inline)));
                }
                Map<Status.Code, Integer> inlineAnswers = answers(inlineCalls);
                assertThat(inlineAnswers.keySet()).isSubsetOf(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);

                byte[] random = new byte[60 << 20];
                new Random(7).nextBytes(random);
                ByteString sixtyMegabytes = ByteString.copyFrom(random);
                List<ListenableFuture<PushResponse>> hugeCalls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    hugeCalls.add(send(stub, withPprof("huge-" + i, sixtyMegabytes)));
                }
                Map<Status.Code, Integer> hugeAnswers = answers(hugeCalls);
                assertThat(hugeAnswers.keySet()).isSubsetOf(Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);

                PushResponse ordinary = IngestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS)
                        .push(IngestTestKit.push(IngestTestKit.capture("cpu-1.pb.gz", "memory-ordinary", SNAPSHOT_NANOS,
                                labels("service_name", "memory-test"), "process_cpu")));
                assertThat(ordinary.getResults(0).getOutcome()).isEqualTo(Outcome.OUTCOME_ACCEPTED);
                assertThat(ingest.alive()).isTrue();
                assertThat(ingest.output()).doesNotContain("OutOfMemoryError");
                long peakRss = ingest.peakRssBytes();
                System.out.printf("memory: flood of %d gzipped bytes %s; inline x4 (%d gzipped bytes) %s; 8 x 60 MB %s; peak RSS %d MB (bound %d MB)%n",
                        flood.length, floodAnswers, inline.length, inlineAnswers, hugeAnswers, peakRss >> 20, RSS_BOUND >> 20);
                assertThat(peakRss).isLessThan(RSS_BOUND);
            } finally {
                IngestTestKit.close(channel);
            }
        }
    }

    private static RawProfile withPprof(String id, byte[] pprof) {
        return withPprof(id, ByteString.copyFrom(pprof));
    }

    private static RawProfile withPprof(String id, ByteString pprof) {
        return RawProfile.newBuilder().setId(id).addAllLabels(labels("service_name", "memory-test"))
                .setPprof(pprof).setStartTimeUnixNanos(SNAPSHOT_NANOS).build();
    }

    private static ListenableFuture<PushResponse> send(IngestServiceGrpc.IngestServiceFutureStub stub, RawProfile profile) {
        return stub.withDeadlineAfter(2, TimeUnit.MINUTES).push(IngestTestKit.push(profile));
    }

    private static Map<Status.Code, Integer> answers(List<ListenableFuture<PushResponse>> calls) throws InterruptedException {
        Map<Status.Code, Integer> answers = new java.util.EnumMap<>(Status.Code.class);
        for (ListenableFuture<PushResponse> call : calls) {
            Status.Code code;
            try {
                call.get();
                code = Status.Code.OK;
            } catch (ExecutionException e) {
                code = Status.fromThrowable(e.getCause()).getCode();
            }
            answers.merge(code, 1, Integer::sum);
        }
        return answers;
    }
}

package dev.pyrometer.agent.it;

import dev.pyrometer.agent.config.PushConfig;
import dev.pyrometer.agent.config.TlsConfig;
import dev.pyrometer.agent.push.api.DropReason;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.push.api.PushStats;
import dev.pyrometer.agent.push.impl.GrpcPushClient;
import dev.pyrometer.agent.testing.IngestServer;
import dev.pyrometer.agent.testing.OverLimit;
import dev.pyrometer.agent.testing.RecordingCalls;
import dev.pyrometer.agent.testing.RecordingObserver;
import dev.pyrometer.agent.testing.SharedIngest;
import dev.pyrometer.agent.testing.StoredProfiles;
import dev.pyrometer.profile.testing.Fixtures;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A profile that breaks one of ingest-service's limits, pushed in one batch between two valid ones
 * to the real server: the server answers INVALID_ARGUMENT naming it, the push client sends it that
 * once, drops it as rejected, and sends the other two again, which the database then holds.
 */
class PermanentRefusalIT {

    @ParameterizedTest
    @EnumSource(OverLimit.class)
    void aProfileOverALimitIsSentOnceAndDroppedWhileTheRestOfItsBatchIsStored(OverLimit limit) throws Exception {
        IngestServer ingest = SharedIngest.server();
        String service = "refused-" + limit.name().toLowerCase(Locale.ROOT).replace('_', '-');
        long end = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        long start = end - TimeUnit.SECONDS.toNanos(10);
        OutgoingProfile heap = new OutgoingProfile(service + "-heap", "memory", Map.of("service_name", service),
                Fixtures.bytes("heap-1.pb.gz"), start, end);
        OutgoingProfile refused = new OutgoingProfile(service + "-over-limit", "process_cpu", limit.labels(service), limit.pprof(), start, end);
        OutgoingProfile cpu = new OutgoingProfile(service + "-cpu", "process_cpu", Map.of("service_name", service),
                Fixtures.bytes("cpu-3.pb.gz"), start, end);

        RecordingCalls calls = new RecordingCalls();
        RecordingObserver observer = new RecordingObserver();
        ManagedChannel channel = Grpc.newChannelBuilder(ingest.target(), InsecureChannelCredentials.create()).intercept(calls).build();
        // Three profiles a batch, so the three submitted make one call; the linger only bounds the wait for them.
        PushConfig config = new PushConfig(ingest.target(), "", TlsConfig.PLAINTEXT, "", Duration.ofSeconds(30), 3, 64 << 20,
                Duration.ofSeconds(30), 100, 64 << 20, Duration.ofMillis(100), Duration.ofSeconds(1), 5, Duration.ofSeconds(5));
        GrpcPushClient push = new GrpcPushClient(config, channel, channel::shutdownNow, observer);
        PushStats stats;
        try {
            push.submit(heap);
            push.submit(refused);
            push.submit(cpu);
            assertThat(push.awaitIdle(Duration.ofMinutes(2))).as("every profile delivered or dropped").isTrue();
        } finally {
            push.close();
            stats = push.stats();
        }

        System.out.printf("%s (%d bytes): calls %s, stats %s, drop %s%n", limit, refused.pprof().length, calls.calls(), stats, observer.dropped());
        assertThat(calls.calls()).containsExactly(List.of(heap.id(), refused.id(), cpu.id()), List.of(heap.id(), cpu.id()));
        assertThat(calls.callsWith(refused.id())).isEqualTo(1);
        assertThat(observer.dropped()).singleElement().satisfies(drop -> {
            assertThat(drop.profile().id()).isEqualTo(refused.id());
            assertThat(drop.reason()).isEqualTo(DropReason.REJECTED);
            assertThat(drop.detail()).isEqualTo("INVALID_ARGUMENT: profile 1 (id \"" + refused.id() + "\"): " + limit.problem()
                    + "; nothing of this push was stored");
        });
        assertThat(stats.rejected()).isEqualTo(1);
        assertThat(stats.accepted()).isEqualTo(2);
        assertThat(stats.retries()).isZero();
        assertThat(stats.dropped()).isEqualTo(1);

        StoredProfiles store = SharedIngest.store();
        assertThat(observer.delivered()).extracting(delivery -> delivery.profile().id()).containsExactlyInAnyOrder(heap.id(), cpu.id());
        int rows = 0;
        for (RecordingObserver.Delivery delivery : observer.delivered()) {
            assertThat(delivery.duplicate()).isFalse();
            assertThat(delivery.seriesProfiles()).isPositive();
            assertThat(store.rowsFor(delivery.profile().id())).as("rows of " + delivery.profile()).isEqualTo(delivery.seriesProfiles());
            rows += delivery.seriesProfiles();
        }
        assertThat(store.rowsFor(refused.id())).isZero();
        assertThat(store.rowsOf(service)).isEqualTo(rows);
        System.out.printf("%s: %d rows stored for %s, 0 for %s%n", service, rows, List.of(heap.id(), cpu.id()), refused.id());
    }
}

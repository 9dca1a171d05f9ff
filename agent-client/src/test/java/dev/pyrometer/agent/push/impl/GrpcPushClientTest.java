package dev.pyrometer.agent.push.impl;

import dev.pyrometer.agent.config.PushConfig;
import dev.pyrometer.agent.config.TlsConfig;
import dev.pyrometer.agent.push.api.DropReason;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.push.api.PushStats;
import dev.pyrometer.agent.testing.RecordingObserver;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class GrpcPushClientTest {
    private final FakeIngest ingest = new FakeIngest();
    private final RecordingObserver observer = new RecordingObserver();
    private Server server;
    private ManagedChannel channel;
    private GrpcPushClient client;
    /** The delays a {@link #clientRecordingWaits} client chose before its retries. */
    private final List<Duration> recordedWaits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor().addService(ingest.definition()).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor()
                .intercept(new HeaderInterceptor("team-a", "s3cret")).build();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        channel.shutdownNow();
        server.shutdownNow();
    }

    private GrpcPushClient client(int queueProfiles, int maxAttempts, Duration linger) {
        return client(queueProfiles, maxAttempts, linger, null);
    }

    /** A client whose waits before retries are recorded in {@link #recordedWaits} and return at once. */
    private GrpcPushClient clientRecordingWaits(int maxAttempts, Duration linger) {
        return client(100, maxAttempts, linger, recordedWaits::add);
    }

    private GrpcPushClient client(int queueProfiles, int maxAttempts, Duration linger, GrpcPushClient.RetryWait retryWait) {
        PushConfig config = new PushConfig("in-process", "team-a", TlsConfig.PLAINTEXT, "s3cret", Duration.ofSeconds(5), 64, 4 << 20,
                linger, queueProfiles, 1 << 20, Duration.ofMillis(2), Duration.ofMillis(10), maxAttempts, Duration.ofSeconds(2));
        client = new GrpcPushClient(config, channel, () -> { }, observer, retryWait);
        return client;
    }

    private static OutgoingProfile profile(int n) {
        return new OutgoingProfile("p-" + n, "memory", Map.of("service_name", "api"), new byte[] {1, 2, (byte) n}, 0, 0);
    }

    @Test
    void profilesSubmittedTogetherTravelInOneCallWithTheHeaders() {
        GrpcPushClient push = client(100, 5, Duration.ofMillis(300));
        IntStream.rangeClosed(1, 5).forEach(n -> push.submit(profile(n)));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).containsExactly(List.of("p-1", "p-2", "p-3", "p-4", "p-5"));
        Metadata headers = ingest.headers().get(0);
        assertThat(headers.get(HeaderInterceptor.TENANT)).isEqualTo("team-a");
        assertThat(headers.get(HeaderInterceptor.AUTHORIZATION)).isEqualTo("Bearer s3cret");
        assertThat(push.stats().accepted()).isEqualTo(5);
    }

    @Test
    void retryableFailuresAreRetriedWithTheSameIds() {
        ingest.then(FakeIngest.Answer.fail(Status.UNAVAILABLE), FakeIngest.Answer.fail(Status.DEADLINE_EXCEEDED),
                FakeIngest.Answer.fail(Status.RESOURCE_EXHAUSTED), FakeIngest.Answer.fail(Status.ABORTED));
        GrpcPushClient push = client(100, 10, Duration.ZERO);
        push.submit(profile(1));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).hasSize(5).allSatisfy(call -> assertThat(call).containsExactly("p-1"));
        assertThat(ingest.stored()).containsExactly("p-1");
        PushStats stats = push.stats();
        assertThat(stats.retries()).isEqualTo(4);
        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.dropped()).isZero();
    }

    @Test
    void aRetryAfterALostResponseIsADuplicateNotASecondCopy() {
        ingest.then(FakeIngest.Answer.lostResponse());
        GrpcPushClient push = client(100, 10, Duration.ZERO);
        push.submit(profile(1));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).hasSize(2);
        assertThat(ingest.stored()).containsExactly("p-1");
        assertThat(push.stats().duplicates()).isEqualTo(1);
        assertThat(push.stats().accepted()).isZero();
        assertThat(observer.delivered()).singleElement().satisfies(d -> assertThat(d.duplicate()).isTrue());
    }

    @Test
    void aProfileNamedByTheRejectedIndexIsDroppedAndTheRestIsSentAgainAtOnce() {
        ingest.validate(raw -> raw.getId().equals("p-2") || raw.getId().equals("p-4")
                ? Status.INVALID_ARGUMENT.withDescription("pprof has 200001 samples, more than the limit of 200000") : Status.OK);
        GrpcPushClient push = clientRecordingWaits(10, Duration.ofMillis(300));
        IntStream.rangeClosed(1, 5).forEach(n -> push.submit(profile(n)));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).containsExactly(List.of("p-1", "p-2", "p-3", "p-4", "p-5"), List.of("p-1", "p-3", "p-4", "p-5"),
                List.of("p-1", "p-3", "p-5"));
        assertThat(ingest.stored()).containsExactly("p-1", "p-3", "p-5");
        assertThat(recordedWaits).isEmpty();
        PushStats stats = push.stats();
        assertThat(stats.rejected()).isEqualTo(2);
        assertThat(stats.retries()).isZero();
        assertThat(stats.accepted()).isEqualTo(3);
        assertThat(observer.dropped()).extracting(drop -> drop.profile().id(), RecordingObserver.Drop::reason, RecordingObserver.Drop::detail)
                .containsExactly(
                        tuple("p-2", DropReason.REJECTED, "INVALID_ARGUMENT: profile 1: pprof has 200001 samples, more than the limit of 200000"),
                        tuple("p-4", DropReason.REJECTED, "INVALID_ARGUMENT: profile 2: pprof has 200001 samples, more than the limit of 200000"));
    }

    @Test
    void theRestOfARefusedBatchIsNotChargedAFailedAttempt() {
        ingest.validate(raw -> raw.getId().equals("p-2") ? Status.INVALID_ARGUMENT.withDescription("stack too deep") : Status.OK);
        ingest.then(FakeIngest.Answer.ok(), FakeIngest.Answer.fail(Status.UNAVAILABLE));
        GrpcPushClient push = client(100, 2, Duration.ofMillis(300));
        IntStream.rangeClosed(1, 3).forEach(n -> push.submit(profile(n)));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).containsExactly(List.of("p-1", "p-2", "p-3"), List.of("p-1", "p-3"), List.of("p-1", "p-3"));
        assertThat(ingest.stored()).containsExactly("p-1", "p-3");
        assertThat(push.stats().retriesExhausted()).isZero();
        assertThat(push.stats().retries()).isEqualTo(1);
        assertThat(push.stats().rejected()).isEqualTo(1);
    }

    @Test
    void withoutTheRejectedIndexTheWholeBatchIsDroppedAsRejected() {
        ingest.validateWithoutIndex(raw -> raw.getId().equals("p-2") ? Status.INVALID_ARGUMENT.withDescription("bad pprof") : Status.OK);
        GrpcPushClient push = clientRecordingWaits(10, Duration.ofMillis(300));
        IntStream.rangeClosed(1, 3).forEach(n -> push.submit(profile(n)));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).containsExactly(List.of("p-1", "p-2", "p-3"));
        assertThat(ingest.stored()).isEmpty();
        assertThat(push.stats().rejected()).isEqualTo(3);
        assertThat(push.stats().retries()).isZero();
        assertThat(observer.dropped()).extracting(drop -> drop.profile().id()).containsExactly("p-1", "p-2", "p-3");
        assertThat(observer.dropped()).allSatisfy(drop -> {
            assertThat(drop.reason()).isEqualTo(DropReason.REJECTED);
            assertThat(drop.detail()).isEqualTo("INVALID_ARGUMENT: profile 1: bad pprof");
        });
    }

    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"INVALID_ARGUMENT", "OUT_OF_RANGE", "FAILED_PRECONDITION", "UNAUTHENTICATED",
            "PERMISSION_DENIED", "NOT_FOUND", "UNIMPLEMENTED", "INTERNAL", "UNKNOWN"})
    void permanentRefusalsAreSentOnceAndDropped(Status.Code code) {
        ingest.then(FakeIngest.Answer.fail(Status.fromCode(code).withDescription("refused")));
        GrpcPushClient push = clientRecordingWaits(10, Duration.ZERO);
        push.submit(profile(1));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).containsExactly(List.of("p-1"));
        assertThat(recordedWaits).isEmpty();
        assertThat(push.stats().rejected()).isEqualTo(1);
        assertThat(observer.dropped()).singleElement().satisfies(drop -> {
            assertThat(drop.reason()).isEqualTo(DropReason.REJECTED);
            assertThat(drop.detail()).isEqualTo(code + ": refused");
        });
    }

    @Test
    void theRetryAfterTrailerIsALowerBoundOnTheWait() {
        ingest.then(FakeIngest.Answer.retryAfter(Status.RESOURCE_EXHAUSTED.withDescription("write queue full"), 7_000),
                FakeIngest.Answer.retryAfter(Status.UNAVAILABLE.withDescription("shutting down"), 1),
                FakeIngest.Answer.fail(Status.UNAVAILABLE));
        GrpcPushClient push = clientRecordingWaits(10, Duration.ZERO);
        push.submit(profile(1));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).hasSize(4).allSatisfy(call -> assertThat(call).containsExactly("p-1"));
        assertThat(ingest.stored()).containsExactly("p-1");
        // Backoff here is at most push.backoff-max = 10 ms and at least half of push.backoff-initial = 2 ms.
        assertThat(recordedWaits).hasSize(3);
        assertThat(recordedWaits.get(0)).isEqualTo(Duration.ofSeconds(7));
        assertThat(recordedWaits.subList(1, 3)).allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofMillis(1), Duration.ofMillis(10)));
        assertThat(push.stats().retries()).isEqualTo(3);
    }

    @Test
    void aFullQueueDropsTheOldestAndCountsThem() {
        ingest.then(FakeIngest.Answer.fail(Status.UNAVAILABLE), FakeIngest.Answer.fail(Status.UNAVAILABLE),
                FakeIngest.Answer.fail(Status.UNAVAILABLE));
        GrpcPushClient push = client(3, 0, Duration.ofMillis(200));
        IntStream.rangeClosed(1, 6).forEach(n -> push.submit(profile(n)));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.stored()).containsExactly("p-4", "p-5", "p-6");
        assertThat(observer.dropped()).extracting(d -> d.profile().id()).containsExactly("p-1", "p-2", "p-3");
        assertThat(observer.dropped()).allSatisfy(d -> assertThat(d.reason()).isEqualTo(DropReason.QUEUE_FULL));
        assertThat(push.stats().droppedQueueFull()).isEqualTo(3);
    }

    @Test
    void aBatchIsDroppedAfterMaxAttempts() {
        ingest.then(FakeIngest.Answer.fail(Status.UNAVAILABLE), FakeIngest.Answer.fail(Status.UNAVAILABLE),
                FakeIngest.Answer.fail(Status.UNAVAILABLE));
        GrpcPushClient push = client(100, 3, Duration.ZERO);
        push.submit(profile(1));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).hasSize(3);
        assertThat(push.stats().retriesExhausted()).isEqualTo(1);
        assertThat(ingest.stored()).isEmpty();
    }

    @Test
    void closeFlushesWhatIsQueuedAndLaterSubmissionsAreCountedDrops() {
        GrpcPushClient push = client(100, 5, Duration.ofSeconds(30));
        push.submit(profile(1));
        push.submit(profile(2));

        push.close();
        push.submit(profile(3));

        assertThat(ingest.stored()).containsExactly("p-1", "p-2");
        assertThat(push.stats().droppedAtShutdown()).isEqualTo(1);
        assertThat(push.stats().submitted()).isEqualTo(3);
    }

    @Test
    void closeGivesUpWhenTheServerStaysDownAndCountsWhatItDropped() {
        ingest.then(IntStream.range(0, 10_000).mapToObj(i -> FakeIngest.Answer.fail(Status.UNAVAILABLE)).toArray(FakeIngest.Answer[]::new));
        GrpcPushClient push = client(100, 0, Duration.ZERO);
        IntStream.rangeClosed(1, 4).forEach(n -> push.submit(profile(n)));

        push.close();

        PushStats stats = push.stats();
        assertThat(stats.droppedAtShutdown()).isEqualTo(4);
        assertThat(stats.queued()).isZero();
        assertThat(observer.dropped()).hasSize(4).allSatisfy(d -> assertThat(d.reason()).isEqualTo(DropReason.SHUTDOWN));
    }
}

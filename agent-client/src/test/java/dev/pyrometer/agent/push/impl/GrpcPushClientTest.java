package dev.pyrometer.agent.push.impl;

import dev.pyrometer.agent.config.PushConfig;
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

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcPushClientTest {
    private final FakeIngest ingest = new FakeIngest();
    private final RecordingObserver observer = new RecordingObserver();
    private Server server;
    private ManagedChannel channel;
    private GrpcPushClient client;

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
        PushConfig config = new PushConfig("in-process", "team-a", false, "", "s3cret", Duration.ofSeconds(5), 64, 4 << 20,
                linger, queueProfiles, 1 << 20, Duration.ofMillis(2), Duration.ofMillis(10), maxAttempts, Duration.ofSeconds(2));
        client = new GrpcPushClient(config, channel, () -> { }, observer);
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
    void invalidArgumentIsNeverRetriedButABatchIsSplitSoOnlyTheBadProfileIsLost() {
        ingest.validate(raw -> raw.getId().equals("p-2") ? Status.INVALID_ARGUMENT.withDescription("bad pprof") : Status.OK);
        GrpcPushClient push = client(100, 10, Duration.ofMillis(300));
        IntStream.rangeClosed(1, 3).forEach(n -> push.submit(profile(n)));

        assertThat(push.awaitIdle(Duration.ofSeconds(5))).isTrue();

        assertThat(ingest.calls()).containsExactly(List.of("p-1", "p-2", "p-3"), List.of("p-1"), List.of("p-2"), List.of("p-3"));
        assertThat(ingest.stored()).containsExactly("p-1", "p-3");
        assertThat(push.stats().rejected()).isEqualTo(1);
        assertThat(push.stats().retries()).isZero();
        assertThat(observer.dropped()).singleElement().satisfies(drop -> {
            assertThat(drop.profile().id()).isEqualTo("p-2");
            assertThat(drop.reason()).isEqualTo(DropReason.REJECTED);
            assertThat(drop.detail()).contains("INVALID_ARGUMENT", "bad pprof");
        });
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

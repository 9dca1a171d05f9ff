package dev.pyrometer.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.agent.config.CommonSetup;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.push.impl.GrpcPushClient;
import dev.pyrometer.agent.sidecar.Sidecar;
import dev.pyrometer.agent.sidecar.SidecarConfig;
import dev.pyrometer.profile.testing.DemoService;
import dev.pyrometer.agent.testing.IngestServer;
import dev.pyrometer.agent.testing.RecordingObserver;
import dev.pyrometer.agent.testing.StoredProfiles;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ingest-service goes down while the sidecar runs (for {@code pyrometer.it.outage-seconds}, 60 by
 * default), then comes back on the same port and database: every profile made meanwhile arrives,
 * exactly once, and nothing was dropped (the outage fits the queue bound).
 */
class OutageIT {
    private static final String SERVICE = "outage-go";

    @Test
    void everyProfileMadeDuringTheOutageArrivesExactlyOnce() throws Exception {
        long outageSeconds = Long.getLong("pyrometer.it.outage-seconds", 60);
        try (HikariDataSource database = TestDatabase.create(); DemoService demo = DemoService.start()) {
            String jdbcUrl = TestDatabase.jdbcUrl(database);
            IngestServer ingest = IngestServer.start(jdbcUrl, 0);
            int port = ingest.grpcPort();
            CommonSetup setup = CommonSetup.load(Map.of("service-name", SERVICE, "server", "127.0.0.1:" + port,
                    "target", demo.url(), "interval", "3s", "jitter", "0", "push.linger", "100ms",
                    "push.backoff-max", "4s", "push.max-attempts", "0"), Map.of());
            RecordingObserver observer = new RecordingObserver();
            GrpcPushClient push = GrpcPushClient.open(setup.push(), observer);
            Sidecar sidecar = new Sidecar(SidecarConfig.from(setup.config()), setup.labels(), push);
            sidecar.start();

            try {
                await(() -> observer.delivered().size() >= 8, 60);
            } finally {
                ingest.close(); // the outage starts here, and a failed wait must not leave the server running
            }
            int queuedBefore = observer.queued().size();
            TimeUnit.SECONDS.sleep(outageSeconds);
            List<OutgoingProfile> madeDuringOutage = observer.queued().subList(queuedBefore, observer.queued().size());
            ingest = IngestServer.start(jdbcUrl, port);
            try {
                Set<String> outageIds = new HashSet<>();
                madeDuringOutage.forEach(profile -> outageIds.add(profile.id()));
                await(() -> observer.delivered().stream().filter(d -> outageIds.contains(d.profile().id())).count() == outageIds.size(), 120);
                sidecar.close();
                push.close();

                System.out.printf("outage of %d s: %d profiles made meanwhile, %d retries, stats %s%n",
                        outageSeconds, madeDuringOutage.size(), push.stats().retries(), push.stats());
                assertThat(madeDuringOutage).hasSizeGreaterThanOrEqualTo((int) (outageSeconds / 3) * 5);
                assertThat(observer.dropped()).isEmpty();
                assertThat(push.stats().dropped()).isZero();
                assertThat(push.stats().retries()).isPositive();

                List<RecordingObserver.Delivery> deliveries = observer.delivered();
                Set<String> deliveredIds = new HashSet<>();
                deliveries.forEach(d -> assertThat(deliveredIds.add(d.profile().id())).as("delivered once: " + d).isTrue());
                assertThat(deliveredIds).containsExactlyInAnyOrderElementsOf(observer.queued().stream().map(OutgoingProfile::id).toList());

                StoredProfiles store = new StoredProfiles(database);
                int expectedRows = 0;
                for (RecordingObserver.Delivery delivery : deliveries) {
                    assertThat(delivery.seriesProfiles()).isPositive();
                    assertThat(store.rowsFor(delivery.profile().id())).as("rows of " + delivery.profile())
                            .isEqualTo(delivery.seriesProfiles());
                    expectedRows += delivery.seriesProfiles();
                }
                assertThat(store.rowsOf(SERVICE)).as("no row beyond the delivered profiles'").isEqualTo(expectedRows);
            } finally {
                ingest.close();
            }
        }
    }

    private static void await(BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}

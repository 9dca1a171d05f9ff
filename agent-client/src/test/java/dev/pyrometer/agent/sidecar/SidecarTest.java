package dev.pyrometer.agent.sidecar;

import com.sun.net.httpserver.HttpServer;
import dev.pyrometer.agent.config.CommonSetup;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.push.api.PushClient;
import dev.pyrometer.agent.push.api.PushStats;
import dev.pyrometer.profile.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The sidecar against a fake Go target over real HTTP, serving real captures round by round. */
class SidecarTest {
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer target;

    SidecarTest() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestURI().toString());
            String kind = path.substring(path.lastIndexOf('/') + 1).replace("profile", "cpu").replace("custom-heap", "heap");
            long round = 1 + requests.stream().filter(r -> r.contains(path)).count() % Fixtures.ROUNDS;
            byte[] body = kind.equals("broken") ? "boom".getBytes() : Fixtures.bytes(kind + "-" + round + ".pb.gz");
            exchange.sendResponseHeaders(kind.equals("broken") ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        target.start();
    }

    @AfterEach
    void stop() {
        target.stop(0);
    }

    @Test
    void scrapesEnabledEndpointsAtTheirPathsAndCpuBackToBack() throws Exception {
        CommonSetup setup = CommonSetup.load(Map.of("service-name", "fake", "target", "http://127.0.0.1:" + target.getAddress().getPort(),
                "interval", "2s", "jitter", "0", "heap.path", "/debug/pprof/custom-heap", "threadcreate.enabled", "false",
                "goroutine.enabled", "false", "block.path", "/debug/pprof/broken"), Map.of());
        Recorder push = new Recorder();
        try (Sidecar sidecar = new Sidecar(SidecarConfig.from(setup.config()), setup.labels(), push)) {
            sidecar.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // Within a round the endpoints are scraped one after another: wait for the second round's
            // mutex delta too, not only for the memory profiles that precede it.
            while ((push.named("memory").size() < 3 || push.named("mutex").isEmpty()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        assertThat(requests).contains("/debug/pprof/profile?seconds=1", "/debug/pprof/custom-heap", "/debug/pprof/allocs",
                "/debug/pprof/mutex", "/debug/pprof/broken");
        assertThat(requests).noneMatch(r -> r.contains("threadcreate") || r.contains("goroutine") || r.equals("/debug/pprof/heap"));
        assertThat(push.named("process_cpu").size()).as("the CPU loop runs at its own pace").isGreaterThanOrEqualTo(2);
        assertThat(push.named("block")).as("a failing endpoint yields nothing").isEmpty();
        assertThat(push.named("mutex")).as("first mutex scrape is only a baseline").hasSizeGreaterThanOrEqualTo(1);
        assertThat(push.profiles).allSatisfy(p -> assertThat(p.labels()).containsEntry("service_name", "fake"));
    }

    /** A push client that keeps what it is given. */
    private static final class Recorder implements PushClient {
        final List<OutgoingProfile> profiles = new CopyOnWriteArrayList<>();

        List<OutgoingProfile> named(String name) {
            return profiles.stream().filter(p -> p.profileName().equals(name)).toList();
        }

        @Override
        public void submit(OutgoingProfile profile) {
            profiles.add(profile);
        }

        @Override
        public PushStats stats() {
            return new PushStats(profiles.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }

        @Override
        public boolean awaitIdle(Duration timeout) {
            return true;
        }

        @Override
        public void close() {
        }
    }
}

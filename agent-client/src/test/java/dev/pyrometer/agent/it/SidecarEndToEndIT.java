package dev.pyrometer.agent.it;

import dev.pyrometer.agent.testing.AgentJar;
import dev.pyrometer.profile.testing.DemoService;
import dev.pyrometer.agent.testing.IngestServer;
import dev.pyrometer.agent.testing.ProcessCpu;
import dev.pyrometer.agent.testing.SharedIngest;
import dev.pyrometer.agent.testing.StoredProfiles;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.top.FunctionTotals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Real processes end to end: the demo Go service built with `go build`, the sidecar run from the
 * shaded jar as its own JVM (with the small-footprint flags the README recommends), and
 * ingest-service on a real PostgreSQL. Every enabled profile type must arrive with the demo's hot
 * functions and plausible magnitudes.
 */
class SidecarEndToEndIT {
    private static final String SERVICE = "demo-go";
    private static final int INTERVAL_SECONDS = 3;
    private static final int ROUNDS = 5;

    private static DemoService demo;
    private static ProcessCpu demoCpu;
    private static StoredProfiles store;
    private static String sidecarLog;

    @BeforeAll
    static void scrapeTheDemoForAFewRounds() throws Exception {
        IngestServer ingest = SharedIngest.server();
        store = SharedIngest.store();
        demo = DemoService.start();
        demoCpu = new ProcessCpu(demo.pid(), 20);
        Path log = Files.createTempFile("sidecar", ".log");
        Process sidecar = AgentJar.start(
                List.of("-Xms8m", "-Xmx32m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss256k", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=48m", "-XX:MaxDirectMemorySize=16m"),
                List.of("-jar", AgentJar.path().toString(), "sidecar", "--service-name=" + SERVICE, "--target=" + demo.url(),
                        "--server=" + ingest.target(), "--interval=" + INTERVAL_SECONDS + "s", "--jitter=0",
                        "--labels=env=it", "--push.linger=100ms"),
                Map.of("POD_NAME", "demo-0", "POD_NAMESPACE", "pyrometer", "NODE_NAME", "node-a", "SERVICE_VERSION", "1.2.3"),
                log);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (store.profiles(SERVICE, "goroutine:goroutine:count:goroutine:count").size() < ROUNDS
                    && System.nanoTime() < deadline && sidecar.isAlive()) {
                Thread.sleep(250);
            }
        } finally {
            sidecar.destroy();
            sidecar.waitFor(30, TimeUnit.SECONDS);
            sidecarLog = Files.readString(log);
        }
        demoCpu.close();
    }

    @AfterAll
    static void stopDemo() throws InterruptedException {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void everyTypeArrivesWithTheSidecarsLabels() throws SQLException {
        Map<String, LabelSet> series = store.series(SERVICE);

        assertThat(series.keySet()).as(sidecarLog).containsExactlyInAnyOrder(
                "process_cpu:cpu:nanoseconds:cpu:nanoseconds", "process_cpu:samples:count:cpu:nanoseconds",
                "memory:inuse_space:bytes:space:bytes", "memory:inuse_objects:count:space:bytes",
                "memory:alloc_space:bytes:space:bytes", "memory:alloc_objects:count:space:bytes",
                "goroutine:goroutine:count:goroutine:count",
                "mutex:contentions:count:contentions:count", "mutex:delay:nanoseconds:contentions:count",
                "block:contentions:count:contentions:count", "block:delay:nanoseconds:contentions:count",
                "threadcreate:threadcreate:count:threadcreate:count");
        LabelSet expected = LabelSet.of(Map.of("service_name", SERVICE, "env", "it", "pod", "demo-0", "namespace", "pyrometer",
                "node", "node-a", "version", "1.2.3"));
        assertThat(series.values()).allSatisfy(labels -> assertThat(labels).isEqualTo(expected));
    }

    @Test
    void cpuMatchesWhatTheProcessReallyUsed() throws SQLException {
        List<SeriesProfile> cpu = store.profiles(SERVICE, "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        assertThat(cpu).hasSizeGreaterThanOrEqualTo(3);

        long profiled = 0;
        long used = 0;
        long window = 0;
        for (SeriesProfile profile : cpu) {
            profiled += profile.total();
            used += demoCpu.cpuNanos(profile.timeNanos(), profile.timeNanos() + profile.durationNanos());
            window += profile.durationNanos();
        }
        FunctionTotals top = FunctionTotals.of(cpu);
        long burn = cum(top, "main.burnCPU");
        System.out.printf("CPU: profiled %d ms, /proc says %d ms, over %d ms of windows; main.burnCPU %d ms = %.2f busy cores%n",
                profiled / 1_000_000, used / 1_000_000, window / 1_000_000, burn / 1_000_000, (double) burn / window);

        assertThat((double) profiled / used).as("profiled CPU / CPU the process used").isBetween(0.8, 1.1);
        assertThat(top.rows().get(0).function()).isEqualTo("main.burnCPU");
        assertThat((double) burn / profiled).as("main.burnCPU's share").isGreaterThan(0.5);
    }

    @Test
    void allocationDeltasArePositiveAndMatchTheDemosRate() throws SQLException {
        List<SeriesProfile> allocs = store.profiles(SERVICE, "memory:alloc_space:bytes:space:bytes");
        List<SeriesProfile> heap = store.profiles(SERVICE, "memory:inuse_space:bytes:space:bytes");
        assertThat(allocs).hasSizeGreaterThanOrEqualTo(ROUNDS - 2);

        assertThat(allocs).allSatisfy(profile -> assertThat(java.util.Arrays.stream(profile.values()).allMatch(v -> v > 0)).isTrue());
        for (int i = 1; i < allocs.size(); i++) {
            SeriesProfile previous = allocs.get(i - 1);
            assertThat(allocs.get(i).timeNanos() / 1000).as("delta windows are contiguous (stored at µs precision)")
                    .isCloseTo((previous.timeNanos() + previous.durationNanos()) / 1000, within(1L));
        }
        assertThat(allocs.get(0).timeNanos()).as("the first delta starts at the first round's /allocs scrape, which yielded nothing")
                .isGreaterThanOrEqualTo(heap.get(0).timeNanos()).isLessThan(heap.get(1).timeNanos());

        FunctionTotals top = FunctionTotals.of(allocs);
        long window = allocs.stream().mapToLong(SeriesProfile::durationNanos).sum();
        double bytesPerSecond = cum(top, "main.allocGarbage") / (window / 1e9);
        System.out.printf("alloc: main.allocGarbage %.1f MB/s (nominal 6.5)%n", bytesPerSecond / 1e6);
        assertThat(bytesPerSecond).isBetween(6.5e6 / 3, 6.5e6 * 3);
    }

    @Test
    void inUseMemoryShowsTheRetainedSet() throws SQLException {
        List<SeriesProfile> heap = store.profiles(SERVICE, "memory:inuse_space:bytes:space:bytes");
        assertThat(heap).hasSizeGreaterThanOrEqualTo(ROUNDS);

        double mean = (double) cum(FunctionTotals.of(heap), "main.retainMemory") / heap.size();
        System.out.printf("inuse: main.retainMemory %.1f MiB on average (nominal 16)%n", mean / (1 << 20));
        assertThat(mean).isBetween(8.0 * (1 << 20), 32.0 * (1 << 20));
    }

    @Test
    void theLeakingStackGrows() throws SQLException {
        List<SeriesProfile> goroutines = store.profiles(SERVICE, "goroutine:goroutine:count:goroutine:count");
        SeriesProfile first = goroutines.get(0);
        SeriesProfile last = goroutines.get(goroutines.size() - 1);

        long before = cum(FunctionTotals.of(List.of(first)), "main.leakyWorker");
        long after = cum(FunctionTotals.of(List.of(last)), "main.leakyWorker");
        double expected = (last.timeNanos() - first.timeNanos()) / 1e9 * 10;
        System.out.printf("goroutines: main.leakyWorker %d → %d (≈%.0f expected)%n", before, after, expected);
        assertThat(after).isGreaterThan(before);
        assertThat((double) (after - before)).isBetween(expected / 2, expected * 1.5 + 5);
    }

    @Test
    void lockProfilesShowTheContendedCode() throws SQLException {
        assertThat(stackValue("mutex:contentions:count:contentions:count", "main.contendMutex")).isPositive();
        assertThat(stackValue("mutex:delay:nanoseconds:contentions:count", "main.contendMutex")).isPositive();
        assertThat(stackValue("block:contentions:count:contentions:count", "main.blockOnChannel")).isPositive();

        List<SeriesProfile> block = store.profiles(SERVICE, "block:delay:nanoseconds:contentions:count");
        long window = block.stream().mapToLong(SeriesProfile::durationNanos).sum();
        double blockedShare = (double) cum(FunctionTotals.of(block), "main.blockOnChannel") / window;
        System.out.printf("block: main.blockOnChannel waited %.2f of the time (nominal ≈1)%n", blockedShare);
        assertThat(blockedShare).isBetween(0.5, 1.5);
    }

    @Test
    void threadCreationIsCounted() throws SQLException {
        List<SeriesProfile> threads = store.profiles(SERVICE, "threadcreate:threadcreate:count:threadcreate:count");
        assertThat(threads).isNotEmpty();
        assertThat(threads.stream().mapToLong(SeriesProfile::total).sum()).isPositive();
        assertThat(threads).allSatisfy(profile -> assertThat(java.util.Arrays.stream(profile.values()).allMatch(v -> v > 0)).isTrue());
    }

    private static long stackValue(String type, String function) throws SQLException {
        return cum(store.top(SERVICE, type), function);
    }

    private static long cum(FunctionTotals totals, String function) {
        return totals.rows().stream().filter(row -> row.function().equals(function)).mapToLong(FunctionTotals.Row::cum).sum();
    }
}

package dev.pyrometer.compat;

import dev.pyrometer.compat.stack.Await;
import dev.pyrometer.compat.stack.ManagedProcess;
import dev.pyrometer.compat.stack.PyrometerStack;
import dev.pyrometer.compat.workload.CompatWorkload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Pyroscope clients against the services' jars, with one address for the SDKs: query-service, which
 * forwards {@code /ingest} to ingest-service. Three clients run side by side on one stack:
 * <ul>
 *   <li>{@value #JAVA_SDK}: {@link CompatWorkload} under Grafana's Java agent (JFR over {@code /ingest});</li>
 *   <li>{@value #NODE}: the Node app with @pyroscope/nodejs (pprof over {@code /ingest});</li>
 *   <li>{@value #JAVA_AGENT}: the same workload under our own {@code -javaagent} (gRPC push).</li>
 * </ul>
 * Each test waits, polling the REST API, until its data is there; all share one deadline from the start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealClientsIT {
    static final String JAVA_SDK = "compat-java-sdk";
    static final String JAVA_AGENT = "compat-java-agent";
    static final String NODE = "compat-node";

    /** The type names a Java user sees in Pyroscope for itimer CPU, allocation and lock events. */
    static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    static final String ALLOC_BYTES = "memory:alloc_in_new_tlab_bytes:bytes:space:bytes";
    static final String ALLOC_OBJECTS = "memory:alloc_in_new_tlab_objects:count:space:bytes";
    static final String LOCK_DELAY = "mutex:delay:nanoseconds:mutex:count";
    static final String LOCK_COUNT = "mutex:contentions:count:mutex:count";
    static final List<String> PYROSCOPE_JAVA_TYPES = List.of(CPU, ALLOC_BYTES, ALLOC_OBJECTS, LOCK_DELAY, LOCK_COUNT);
    /** The other two allocation types of TLAB events: objects too large for a TLAB, if the workload allocates any. */
    static final List<String> ALLOC_OUTSIDE_TLAB = List.of("memory:alloc_outside_tlab_bytes:bytes:space:bytes",
            "memory:alloc_outside_tlab_objects:count:space:bytes");
    /** The types Pyroscope gives @pyroscope/nodejs's wall and heap profiles. */
    static final String NODE_WALL = "wall:wall:nanoseconds:wall:nanoseconds";
    static final String NODE_HEAP = "memory:inuse_space:bytes:inuse_space:bytes";

    /** The workload's class as both agents name Java frames: {@code pkg/Class.method}, as JFR writes them. */
    private static final String WORKLOAD = CompatWorkload.class.getName().replace('.', '/');
    private static final Duration DATA_WITHIN = Duration.ofMinutes(5);

    private final Path repo = Path.of(System.getProperty("pyrometer.repo", "..")).toAbsolutePath().normalize();
    private final Path buildDir = Path.of(System.getProperty("pyrometer.build.dir", "target")).toAbsolutePath();
    private final Path nodeApp = repo.resolve("compat-tests/src/test/node/pyroscope-app");
    private final Path workDir = buildDir.resolve("compat-run");

    private PyrometerStack stack;
    private final List<ManagedProcess> clients = new ArrayList<>();
    private QueryApi api;
    private Instant deadline;

    @BeforeAll
    void startStackAndClients() throws Exception {
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        stack = PyrometerStack.start(Path.of(System.getProperty("pyrometer.ingest.jar", "")),
                Path.of(System.getProperty("pyrometer.query.jar", "")), workDir);
        api = new QueryApi(stack.queryUrl());
        clients.add(Clients.pyroscopeJavaAgent(Path.of(System.getProperty("pyroscope.agent.jar", "")), stack.queryUrl(), JAVA_SDK, workDir));
        clients.add(Clients.nodeApp(nodeApp, stack.queryUrl(), NODE, workDir));
        clients.add(Clients.ownJavaAgent(Path.of(System.getProperty("pyrometer.agent.jar", "")), "127.0.0.1:" + stack.grpcPort, JAVA_AGENT,
                workDir));
        deadline = Instant.now().plus(DATA_WITHIN);
    }

    @AfterAll
    void stopEverything() throws InterruptedException {
        for (ManagedProcess client : clients) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void grafanasJavaAgentPushesCpuAllocationAndLockProfilesThroughQueryService() throws Exception {
        awaitTypes(JAVA_SDK, PYROSCOPE_JAVA_TYPES);

        awaitTopFunction(JAVA_SDK, CPU, WORKLOAD + ".burnCpu");
        assertThat(api.topFunctions(JAVA_SDK, ALLOC_BYTES, 3)).as("allocation top of %s", JAVA_SDK).contains(WORKLOAD + ".allocate");
        assertThat(api.topFunctions(JAVA_SDK, LOCK_DELAY, 5)).as("lock top of %s", JAVA_SDK).first().isEqualTo(WORKLOAD + ".holdLock");
    }

    @Test
    @Order(2)
    void theJavaAgentsDynamicLabelArrivesAsASeriesLabel() throws Exception {
        List<String> values = Await.until(CompatWorkload.LABEL_NAME + " label values of " + JAVA_SDK, deadline,
                () -> api.labelValues(JAVA_SDK, CompatWorkload.LABEL_NAME), v -> !v.isEmpty(), this::diagnostics);
        assertThat(values).containsExactly(CompatWorkload.LABEL_VALUE);
    }

    @Test
    @Order(3)
    void theNodeSdksHotFunctionLeadsItsWallProfileAndItsAllocationsItsHeapProfile() throws Exception {
        awaitTypes(NODE, List.of(NODE_WALL));
        String hot = nodeFunction("burnCpuInHotLoop");
        Await.until(hot + " first in the wall top of " + NODE, deadline, () -> api.topFunctions(NODE, NODE_WALL, 5),
                top -> !top.isEmpty() && top.get(0).equals(hot), this::diagnostics);
        assertThat(api.labelValues(NODE, "workload")).as("the Node app's dynamic label").containsExactly("hot");

        awaitTypes(NODE, List.of(NODE_HEAP));
        assertThat(api.topFunctions(NODE, NODE_HEAP, 5)).as("heap top of %s", NODE).first().isEqualTo(nodeFunction("allocateRetainedBuffers"));
    }

    /**
     * The same workload under our javaagent: the same type names as Grafana's agent for the same events (CPU
     * samples, allocations from TLAB events, monitor contention) and the same frame names.
     */
    @Test
    @Order(4)
    void ourJavaAgentShowsTheSameWorkloadUnderTheSameTypeNamesAsGrafanasJavaAgent() throws Exception {
        List<String> own = Await.until("CPU, allocation and lock profiles of " + JAVA_AGENT, deadline, () -> api.profileTypes(JAVA_AGENT),
                types -> types.containsAll(PYROSCOPE_JAVA_TYPES), this::diagnostics);
        List<String> ownTop = awaitTopFunction(JAVA_AGENT, CPU, WORKLOAD + ".burnCpu");
        assertThat(api.topFunctions(JAVA_AGENT, ALLOC_BYTES, 3)).as("allocation top of %s", JAVA_AGENT)
                .contains(WORKLOAD + ".allocate");
        assertThat(api.topFunctions(JAVA_AGENT, LOCK_DELAY, 5)).as("lock top of %s", JAVA_AGENT).first().isEqualTo(WORKLOAD + ".holdLock");

        List<String> grafana = awaitTypes(JAVA_SDK, PYROSCOPE_JAVA_TYPES);
        assertThat(own).as("type names both agents give CPU, allocation and lock events").containsAll(PYROSCOPE_JAVA_TYPES);
        assertThat(own.stream().filter(type -> type.startsWith("memory:")).toList()).as("our agent's allocation types")
                .allMatch(type -> type.equals(ALLOC_BYTES) || type.equals(ALLOC_OBJECTS) || ALLOC_OUTSIDE_TLAB.contains(type));
        assertThat(grafana).as("Grafana's agent's types").containsAll(PYROSCOPE_JAVA_TYPES);
        assertThat(ownTop.get(0)).as("the CPU top function as both agents name it").isEqualTo(api.topFunctions(JAVA_SDK, CPU, 1).get(0));
    }

    @Test
    @Order(5)
    void theDashboardListsTheThreeServicesAndOpensEach() throws Exception {
        awaitEveryClientsData();
        Path web = repo.resolve("web");
        assertThat(web.resolve("node_modules/playwright-core")).as("web/node_modules: the web module's `npm ci` runs first").isDirectory();
        String services = String.join(";",
                JAVA_SDK + "|" + CPU + "|" + api.topFunctions(JAVA_SDK, CPU, 1).get(0),
                NODE + "|" + NODE_WALL + "|" + nodeFunction("burnCpuInHotLoop"),
                JAVA_AGENT + "|" + CPU + "|" + api.topFunctions(JAVA_AGENT, CPU, 1).get(0));
        Path shots = buildDir.resolve("screenshots");
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/compat-services.mjs").directory(web.toFile()).redirectErrorStream(true);
        builder.environment().put("BASE_URL", stack.queryUrl());
        builder.environment().put("SCREENSHOT_DIR", shots.toString());
        builder.environment().put("CHROMIUM", System.getenv().getOrDefault("PYROMETER_CHROMIUM", "/usr/bin/chromium"));
        builder.environment().put("E2E_SERVICES", services);
        Process node = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                System.out.println("[e2e] " + line);
                output.append(line).append('\n');
            }
        }
        if (!node.waitFor(5, TimeUnit.MINUTES)) {
            node.destroyForcibly();
        }
        assertThat(node.exitValue()).as("compat-services.mjs exit code; its output:%n%s", output).isZero();
        assertThat(output).contains("ALL CHECKS PASSED").doesNotContain("FAIL");
        for (String shot : List.of("compat-overview", "compat-" + JAVA_SDK, "compat-" + NODE, "compat-" + JAVA_AGENT)) {
            assertThat(shots.resolve(shot + ".png")).as("screenshot %s", shot).isNotEmptyFile();
        }
    }

    /**
     * Grafana's data source calls, over data pushed through /ingest (Grafana's Java agent, the Node SDK) and through
     * our gRPC push (our javaagent): every service and type is listed, and each merged flame graph's total equals
     * /api/v1/flamegraph's for the same window (uploads keep arriving inside it, so both are read again until they agree).
     */
    @Test
    @Order(6)
    void grafanasQuerierCallsAnswerForDataFromEveryClient() throws Exception {
        awaitEveryClientsData();
        GrafanaCalls grafana = new GrafanaCalls(stack.queryUrl());
        Instant end = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        Instant start = end.minus(Duration.ofMinutes(15));

        Await.until("service_name values from LabelValues", deadline, () -> grafana.labelValues("service_name", start.toEpochMilli(),
                end.toEpochMilli()), names -> names.containsAll(List.of(JAVA_SDK, NODE, JAVA_AGENT)), this::diagnostics);
        Await.until("profile types from ProfileTypes", deadline, () -> grafana.profileTypes(start.toEpochMilli(), end.toEpochMilli()),
                types -> types.containsAll(List.of(CPU, NODE_WALL, ALLOC_BYTES, LOCK_DELAY)), this::diagnostics);
        for (String[] serviceAndType : List.of(new String[]{JAVA_SDK, CPU}, new String[]{NODE, NODE_WALL}, new String[]{JAVA_AGENT, CPU})) {
            String service = serviceAndType[0];
            String type = serviceAndType[1];
            List<Long> totals = Await.until("SelectMergeStacktraces and /api/v1/flamegraph agree on " + service + " " + type, deadline,
                    () -> List.of(grafana.flameGraphTotal(type, QueryApi.selector(service), start.toEpochMilli(), end.toEpochMilli()),
                            api.flameGraphTotal(service, type, start.toString(), end.toString())),
                    both -> both.get(0).equals(both.get(1)), this::diagnostics);
            assertThat(totals.get(0)).as("%s %s total", service, type).isPositive();
        }
    }

    /** Waits until each of the three clients has stored its main profile type. */
    private void awaitEveryClientsData() throws InterruptedException {
        awaitTypes(JAVA_SDK, List.of(CPU));
        awaitTypes(NODE, List.of(NODE_WALL));
        awaitTypes(JAVA_AGENT, List.of(CPU));
    }

    /** Waits until the service has every one of {@code expected} types; returns all its types. */
    private List<String> awaitTypes(String service, List<String> expected) throws InterruptedException {
        return Await.until("profile types " + expected + " of " + service, deadline, () -> api.profileTypes(service),
                types -> types.containsAll(expected), this::diagnostics);
    }

    /**
     * Waits until {@code function} leads the service's top table of the type (the first uploads may hold
     * little more than the JVM's start). Returns the top functions as stored.
     */
    private List<String> awaitTopFunction(String service, String profileType, String function) throws InterruptedException {
        return Await.until(function + " first in the " + profileType + " top of " + service, deadline,
                () -> api.topFunctions(service, profileType, 5), top -> !top.isEmpty() && top.get(0).equals(function), this::diagnostics);
    }

    /** The name @pyroscope/nodejs gives a function of app.js: "./app.js:NAME:LINE", LINE where it is declared. */
    private String nodeFunction(String name) throws IOException {
        List<String> lines = Files.readAllLines(nodeApp.resolve("app.js"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("function " + name + "(")) {
                return "./app.js:" + name + ":" + (i + 1);
            }
        }
        throw new IllegalStateException("no function " + name + " in app.js");
    }

    private String diagnostics() {
        StringBuilder text = new StringBuilder(stack.diagnostics());
        for (ManagedProcess client : clients) {
            text.append('\n').append(client.tail(25));
        }
        return text.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

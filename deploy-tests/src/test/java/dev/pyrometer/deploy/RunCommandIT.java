package dev.pyrometer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The README's run command, headless: {@code ./run.sh} on free ports and a data directory of its own.
 *
 * <ol>
 *   <li>First run (the Go demo with the sidecar when {@code go} is installed, else the JVM demo): within
 *       2 minutes of the command, the query API serves a CPU flame graph of the demo service holding its
 *       hot function; the printed "flame graph" link is the UI's explore page; HTTP/1 requests to the gRPC port
 *       leave no stack trace in ingest-service's log; with Go, the README's "Push a first profile" commands,
 *       run as written (ports substituted), succeed. Then a Ctrl-C (SIGINT to the whole process group) stops it: exit 0, no process of its
 *       session left, no embedded PostgreSQL left, every port closed.</li>
 *   <li>Second run on the same data directory with the JVM demo and the javaagent: the first run's
 *       profiles are still there (data survives a restart), the logs hold both runs, and the JVM demo's flame graph appears. SIGTERM
 *       to the script alone stops it, with the same checks.</li>
 * </ol>
 *
 * The jars come from the reactor build that runs this test, so the script runs with {@code RUN_BUILD=never}.
 */
class RunCommandIT {
    private static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    private static final Duration FLAME_GRAPH_WITHIN = Duration.ofMinutes(2);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(90);

    private final Path repo = Path.of(System.getProperty("pyrometer.repo", "..")).toAbsolutePath().normalize();
    private final Path buildDir = Path.of(System.getProperty("pyrometer.build.dir", "target")).toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void runCommandServesTheDemoFlameGraphStopsCleanlyAndKeepsDataAcrossRestarts() throws Exception {
        Path dataDir = buildDir.resolve("run-data");
        deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        int[] ports = Processes.freePorts(6);
        Map<String, String> env = new HashMap<>();
        env.put("RUN_BUILD", "never");
        env.put("RUN_DATA_DIR", dataDir.toString());
        env.put("RUN_AGENT_INTERVAL", "5s");
        // C1 only and the serial collector: quicker starts on a 2-core machine, which is all this test needs.
        env.put("RUN_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        env.put("PYROMETER_GRPC_PORT", Integer.toString(ports[0]));
        env.put("PYROMETER_QUERY_PORT", Integer.toString(ports[1]));
        env.put("PYROMETER_LOCAL_DB_PORT", Integer.toString(ports[2]));
        env.put("RUN_INGEST_MANAGEMENT_PORT", Integer.toString(ports[3]));
        env.put("RUN_QUERY_MANAGEMENT_PORT", Integer.toString(ports[4]));
        env.put("RUN_DEMO_PORT", Integer.toString(ports[5]));
        int queryPort = ports[1];

        boolean go = Processes.run("sh", "-c", "command -v go") == 0;
        String firstService = go ? "demo-service" : "demo-jvm";
        String firstHot = go ? "main.burnCPU" : "DemoWorkload.burnCpu";
        env.put("RUN_DEMO", go ? "go" : "jvm");

        // First run: flame graph within 2 minutes, then Ctrl-C.
        Instant firstStart;
        Instant firstEnd;
        try (RunScript run = RunScript.start(repo, buildDir.resolve("run-1.out"), env).marker(dataDir.toString())) {
            firstStart = run.started;
            assertOwnSession(run);
            Instant deadline = run.started.plus(FLAME_GRAPH_WITHIN);
            if (!run.awaitOutput("Pyrometer is running.", deadline)) {
                fail("run.sh was not ready within " + FLAME_GRAPH_WITHIN + "\n" + run.diagnostics(dataDir.resolve("logs")));
            }
            progress(run, "ready");
            // Local mode runs without authentication, so nothing it starts may listen beyond loopback.
            for (int port : new int[] {ports[0], queryPort, ports[3], ports[4]}) {
                assertThat(Processes.listenAddresses(port)).as("addresses listening on port %d", port)
                        .isNotEmpty().allMatch(address -> address.equals("0100007F") || address.equals("0000000000000000FFFF00000100007F")
                                || address.equals("00000000000000000000000001000000"), "127.0.0.1, ::ffff:127.0.0.1 or ::1");
            }
            assertThat(run.output()).contains("UI:          http://127.0.0.1:" + queryPort + "/");
            HttpResponse<String> ui = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort + "/"))
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ui.statusCode()).as("the UI at the printed address").isEqualTo(200);
            assertThat(ui.headers().firstValue("content-type").orElse("")).startsWith("text/html");
            JsonNode flame = awaitFlameGraph(queryPort, firstService, firstHot, "now-15m", "now", deadline, run, dataDir);
            progress(run, firstService + " flame graph with " + firstHot);
            assertThat(flame.at("/window/total").asLong()).as("total CPU of %s", firstService).isPositive();
            assertFlameGraphLinkIsTheUi(run, queryPort, firstService);
            Path ingestLog = dataDir.resolve("logs/ingest-service.log");
            long logBefore = Files.size(ingestLog);
            sendHttp1ToGrpcPort(ports[0]);
            if (go) {
                assertReadmePushWorks(dataDir, ports);
                progress(run, "the README's \"Push a first profile\" commands succeeded");
            }
            awaitHealthy(ports[3]);
            assertThat(Files.readString(ingestLog).substring((int) logBefore))
                    .as("ingest-service.log after HTTP/1 requests to the gRPC port").doesNotContain("\tat ").doesNotContain("Transport failed");
            firstEnd = Instant.now();

            run.signal("INT", true);
            stopsCleanly(run, dataDir, ports, "SIGINT to the process group");
            progress(run, "stopped by SIGINT, nothing left");
        }

        // Second run: same data directory, the JVM demo with the javaagent; stopped by SIGTERM to the script.
        env.put("RUN_DEMO", "jvm");
        try (RunScript run = RunScript.start(repo, buildDir.resolve("run-2.out"), env).marker(dataDir.toString())) {
            assertOwnSession(run);
            Instant deadline = run.started.plus(FLAME_GRAPH_WITHIN);
            if (!run.awaitOutput("Pyrometer is running.", deadline)) {
                fail("run.sh (restart) was not ready within " + FLAME_GRAPH_WITHIN + "\n" + run.diagnostics(dataDir.resolve("logs")));
            }
            progress(run, "ready again");
            assertThat(Files.readString(dataDir.resolve("logs/ingest-service.log")).split("\n===== run.sh started ", -1))
                    .as("ingest-service.log keeps the first run's log and marks each start").hasSize(3);
            JsonNode before = flameGraph(queryPort, firstService, Long.toString(firstStart.getEpochSecond() - 1),
                    Long.toString(firstEnd.getEpochSecond() + 1));
            assertThat(names(before)).as("the first run's %s profiles after a restart\n%s", firstService, run.diagnostics(dataDir.resolve("logs")))
                    .contains(firstHot);
            assertHot(before, firstHot);

            progress(run, "the first run's profiles are still there");
            awaitFlameGraph(queryPort, "demo-jvm", "DemoWorkload.burnCpu", "now-15m", "now", deadline, run, dataDir);
            progress(run, "demo-jvm flame graph with DemoWorkload.burnCpu");

            run.signal("TERM", false);
            stopsCleanly(run, dataDir, ports, "SIGTERM to the script");
            progress(run, "stopped by SIGTERM, nothing left");
        }
    }

    /** The printed "flame graph" link opens the UI's explore page of the demo service's CPU flame graph. */
    private void assertFlameGraphLinkIsTheUi(RunScript run, int queryPort, String service) throws Exception {
        String link = "http://127.0.0.1:" + queryPort + "/explore?service=" + service
                + "&type=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds&from=now-15m&tab=flame";
        assertThat(run.output()).contains("  flame graph: " + link + "\n");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as("the printed flame graph link").isEqualTo(200);
        assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    }

    /** An HTTP/1 request to the gRPC port, from Java and from curl; both fail, as they should. */
    private void sendHttp1ToGrpcPort(int grpcPort) throws Exception {
        HttpClient http1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        try {
            http1.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + grpcPort + "/")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException expected) {
            // gRPC closes an HTTP/1 connection
        }
        assertThat(Processes.run("sh", "-c", "curl -sS -o /dev/null --max-time 10 http://127.0.0.1:" + grpcPort + "/ ; true")).isZero();
    }

    /** Until ingest-service's readiness answers 200: a request it handles after the ones sent before. */
    private void awaitHealthy(int managementPort) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() != 200) {
            assertThat(Instant.now()).as("ingest-service ready").isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** The README's "Push a first profile", with this run's ports for 6060, 4100 and 4040. */
    private void assertReadmePushWorks(Path dataDir, int[] ports) throws Exception {
        String script = ReadmeCommands.block(repo.resolve("README.md"), "## Push a first profile");
        ReadmeCommands.Result result = ReadmeCommands.run(repo, dataDir.resolve("readme-push"), script, Map.of(
                "localhost:6060", "localhost:" + ports[5], "127.0.0.1:4100", "127.0.0.1:" + ports[0], "127.0.0.1:4040", "127.0.0.1:" + ports[1]));
        assertThat(result.exitCode()).as("exit code of%n%s%noutput:%n%s", result.script(), result.output()).isZero();
        assertThat(result.output()).as("go tool pprof -top over the pushed profile").contains("Type: inuse_space").contains("flat%");
        String top = "http://127.0.0.1:" + ports[1] + "/api/v1/top?profileType=" + encode("memory:inuse_space:bytes:space:bytes")
                + "&query=" + encode("{service_name=\"my-api\"}") + "&from=now-1h";
        JsonNode answer = json.readTree(http.send(HttpRequest.newBuilder(URI.create(top)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(answer.at("/window/snapshots").asLong()).as("my-api's pushed heap profile: %s", answer).isEqualTo(1);
    }

    private static void progress(RunScript run, String what) {
        System.out.printf("[run.sh pid %d] %s after %d s%n", run.pid(), what, Duration.between(run.started, Instant.now()).toSeconds());
    }

    private static void assertOwnSession(RunScript run) throws InterruptedException {
        // setsid, then perl, then bash exec in turn under the same pid.
        Instant deadline = Instant.now().plusSeconds(10);
        Processes.Proc script = null;
        while (Instant.now().isBefore(deadline)) {
            script = Processes.read(run.pid()).orElseThrow(() -> new AssertionError("run.sh exited at once:\n" + run.output()));
            if (script.cmdline().startsWith("bash ") || script.cmdline().startsWith("/bin/bash ") || script.cmdline().startsWith("/usr/bin/bash ")) {
                break;
            }
            Thread.sleep(20);
        }
        assertThat(script.session()).as("run.sh leads its own session (setsid): %s", script).isEqualTo(run.pid());
        assertThat(script.pgrp()).as("run.sh leads its own process group: %s", script).isEqualTo(run.pid());
    }

    private void stopsCleanly(RunScript run, Path dataDir, int[] ports, String how) throws Exception {
        int code = run.awaitExit(STOP_WITHIN);
        String diagnostics = run.diagnostics(dataDir.resolve("logs"));
        assertThat(code).as("exit code of run.sh after %s (-1: still running after %s)\n%s", how, STOP_WITHIN, diagnostics).isZero();
        assertThat(run.output()).as(diagnostics).contains("run.sh: stopped");
        // Children that already exited may take a moment to leave /proc after their parent is gone.
        Instant deadline = Instant.now().plusSeconds(5);
        List<Processes.Proc> left = Processes.leftovers(run.pid(), dataDir.toString());
        while (!left.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            left = Processes.leftovers(run.pid(), dataDir.toString());
        }
        assertThat(left).as("processes left after %s (in run.sh's session, or using its data directory)\n%s", how, diagnostics).isEmpty();
        for (int port : ports) {
            assertThat(Processes.listening(port)).as("port %d still open after %s\n%s", port, how, diagnostics).isFalse();
        }
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("PostgreSQL shut down (no postmaster.pid)").doesNotExist();
    }

    private JsonNode awaitFlameGraph(int port, String service, String hot, String from, String to, Instant deadline, RunScript run,
                                     Path dataDir) throws Exception {
        JsonNode last = null;
        String error = "";
        while (Instant.now().isBefore(deadline)) {
            if (!run.alive()) {
                fail("run.sh exited while waiting for the flame graph of " + service + "\n" + run.diagnostics(dataDir.resolve("logs")));
            }
            try {
                last = flameGraph(port, service, from, to);
                if (names(last).contains(hot)) {
                    assertHot(last, hot);
                    return last;
                }
            } catch (IOException e) {
                error = e.toString();
            }
            Thread.sleep(1000);
        }
        fail("no " + hot + " in the flame graph of " + service + " within " + FLAME_GRAPH_WITHIN + " of the run command; last answer: "
                + (last == null ? error : last.toString().substring(0, Math.min(2000, last.toString().length())))
                + "\n" + run.diagnostics(dataDir.resolve("logs")));
        return last;
    }

    private JsonNode flameGraph(int port, String service, String from, String to) throws IOException, InterruptedException {
        String query = "profileType=" + encode(CPU) + "&query=" + encode("{service_name=\"" + service + "\"}")
                + "&from=" + encode(from) + "&to=" + encode(to);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/flamegraph?" + query))
                .timeout(Duration.ofSeconds(20)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private static List<String> names(JsonNode flame) {
        return flame.at("/flamebearer/names").valueStream().map(JsonNode::asText).toList();
    }

    /** The function is a node of the flame graph with a positive total ({@code [x, total, self, name]} per node). */
    private static void assertHot(JsonNode flame, String function) {
        int index = names(flame).indexOf(function);
        long total = 0;
        for (JsonNode level : flame.at("/flamebearer/levels")) {
            for (int i = 0; i + 3 < level.size(); i += 4) {
                if (level.get(i + 3).asInt() == index) {
                    total += level.get(i + 1).asLong();
                }
            }
        }
        assertThat(total).as("total of %s in the flame graph", function).isPositive();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
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

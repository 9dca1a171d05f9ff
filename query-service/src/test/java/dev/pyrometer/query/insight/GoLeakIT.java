package dev.pyrometer.query.insight;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.testing.DemoService;
import dev.pyrometer.query.web.ServedDatabase;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The leak finder on the real demo Go service: heap leaked in main.hoardMemory and goroutines in
 * main.stuckWaiter, driven step by step over HTTP and scraped after each step, stored one snapshot per
 * synthetic minute, then asked for through GET /api/v1/leaks.
 *
 * <ul>
 *   <li>"leaky": one process, 16 steps of 2 MiB and 10 goroutines;</li>
 *   <li>"restarted": the same series served by two processes: the first leaks for 12 steps, then a fresh
 *       process (values fall back) leaks for 6 — the second, shorter climb must not be hidden by the first;</li>
 *   <li>"steady": the same series served by two processes, neither leaking: nothing of main.* grows.</li>
 * </ul>
 */
class GoLeakIT {
    static final String INUSE_SPACE = "memory:inuse_space:bytes:space:bytes";
    static final String GOROUTINE = "goroutine:goroutine:count:goroutine:count";
    static final Instant T0 = Instant.parse("2026-10-20T08:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ServedDatabase served;

    @BeforeAll
    static void record() throws Exception {
        HikariDataSource database = TestDatabase.create();
        GoLeakRecorder recorder = new GoLeakRecorder(new Store(database));
        try (DemoService demo = GoLeakRecorder.start()) {
            recorder.record(demo, Captures.labels("service_name", "leaky", "pod", "leaky-0"), T0, 16, 2 << 20, 10);
        }
        try (DemoService first = GoLeakRecorder.start()) {
            recorder.record(first, Captures.labels("service_name", "restarted", "pod", "restarted-0"), T0, 12, 4 << 20, 20);
        }
        try (DemoService second = GoLeakRecorder.start()) {
            recorder.record(second, Captures.labels("service_name", "restarted", "pod", "restarted-0"), T0.plusSeconds(12 * 60), 6, 4 << 20, 20);
        }
        try (DemoService first = GoLeakRecorder.start()) {
            recorder.record(first, Captures.labels("service_name", "steady", "pod", "steady-0"), T0, 10, 0, 0);
        }
        try (DemoService second = GoLeakRecorder.start()) {
            recorder.record(second, Captures.labels("service_name", "steady", "pod", "steady-0"), T0.plusSeconds(10 * 60), 10, 0, 0);
        }
        served = ServedDatabase.serve(database);
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.close();
        }
    }

    @Test
    void leakingFunctionsComeFirstInTheirTypes() throws Exception {
        JsonNode heap = leaks("leaky", INUSE_SPACE);
        assertThat(heap.get("step").asLong()).isEqualTo(60);
        assertThat(heap.get("buckets").asInt()).isEqualTo(16);
        assertThat(first(heap)).isEqualTo("main.hoardMemory");
        assertThat(significant(heap)).doesNotContain("main.retainMemory");
        // 2 MiB a minute is 120 MiB an hour
        assertThat(heap.at("/functions/0/growthPerHour").asDouble()).isBetween(0.9 * 120 * (1 << 20), 1.1 * 120 * (1 << 20));
        assertThat(heap.at("/stacks/0/stack").toString()).contains("main.hoardMemory");

        JsonNode goroutines = leaks("leaky", GOROUTINE);
        assertThat(first(goroutines)).isEqualTo("main.stuckWaiter");
        assertThat(goroutines.at("/functions/0/growthPerHour").asDouble()).isCloseTo(600.0, within(1e-6));
        print("leaky", heap, goroutines);
    }

    @Test
    void aRestartNeitherHidesTheLeakOfTheNextProcess() throws Exception {
        JsonNode heap = leaks("restarted", INUSE_SPACE);
        assertThat(first(heap)).isEqualTo("main.hoardMemory");
        assertThat(heap.at("/functions/0/segments").asInt()).isEqualTo(2);
        assertThat(significant(heap)).doesNotContain("main.retainMemory");
        JsonNode goroutines = leaks("restarted", GOROUTINE);
        assertThat(first(goroutines)).isEqualTo("main.stuckWaiter");
        assertThat(goroutines.at("/functions/0/growthPerHour").asDouble()).isCloseTo(1200.0, within(1e-6));
        print("restarted", heap, goroutines);
    }

    @Test
    void aRestartOfASteadyServiceFakesNoLeak() throws Exception {
        for (String type : List.of(INUSE_SPACE, GOROUTINE)) {
            assertThat(significant(leaks("steady", type))).as(type).noneMatch(function -> function.startsWith("main."));
        }
    }

    private static String first(JsonNode answer) {
        assertThat(answer.at("/functions/0/significant").asBoolean()).as("a significant first row in %s", answer.get("profileType")).isTrue();
        return answer.at("/functions/0/function").asString();
    }

    private static List<String> significant(JsonNode answer) {
        List<String> names = new ArrayList<>();
        for (JsonNode row : answer.get("functions")) {
            if (row.get("significant").asBoolean()) {
                names.add(row.get("function").asString());
            }
        }
        return names;
    }

    private static void print(String service, JsonNode heap, JsonNode goroutines) {
        System.out.printf("%s: inuse_space first %s (+%.1f MiB/h, q = %.2g); goroutine first %s (+%.0f/h, q = %.2g); significant heap functions %s%n",
                service, heap.at("/functions/0/function").asString(), heap.at("/functions/0/growthPerHour").asDouble() / (1 << 20),
                heap.at("/functions/0/q").asDouble(), goroutines.at("/functions/0/function").asString(),
                goroutines.at("/functions/0/growthPerHour").asDouble(), goroutines.at("/functions/0/q").asDouble(), significant(heap));
    }

    private static JsonNode leaks(String service, String type) throws Exception {
        String url = served.baseUrl() + "/api/v1/leaks?profileType=" + enc(type) + "&query=" + enc("{service_name=\"" + service + "\"}")
                + "&from=" + enc(T0.toString()) + "&to=" + enc(T0.plusSeconds(20 * 60).toString());
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

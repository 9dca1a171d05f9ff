package dev.pyrometer.query.api;

import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOROUTINE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog of tenant acme (see {@link QueryFixture}): on day 5, service checkout (pods checkout-1 and
 * checkout-2 in env prod, checkout-canary in env canary, all with cpu; goroutine only on checkout-1) and
 * search (pod search-1, env prod, goroutine); on day 2 an old search pod (search-0, env staging); on day 0
 * a golden-cpu series labelled with its service only. Everything is narrowed by the window (a series counts
 * when it has a snapshot in it) and by the selector.
 */
class CatalogTest extends RunningQueryService {
    private static final String CPU_SAMPLES = "process_cpu:samples:count:cpu:nanoseconds";
    private static final Instant DAY5 = QueryFixture.day(5);
    private static final Instant DAY6 = QueryFixture.day(6);

    @Test
    void servicesWithTheirProfileTypesInTheWindow() {
        assertThat(services(catalog("services", "from", millis(DAY5), "to", millis(DAY6)))).isEqualTo(Map.of(
                "checkout", List.of(GOROUTINE, CPU, CPU_SAMPLES),
                "search", List.of(GOROUTINE)));
        assertThat(catalog("services", "from", millis(DAY5), "to", millis(DAY6)).get("services"))
                .extracting(service -> service.get("name").asString()).containsExactly("checkout", "search");

        assertThat(services(catalog("services", "from", millis(QueryFixture.DAY0), "to", millis(DAY6))).keySet())
                .containsExactlyInAnyOrder("checkout", "golden-cpu", "search");
        assertThat(services(catalog("services", "from", millis(QueryFixture.day(3)), "to", millis(DAY5)))).isEmpty();
        assertThat(services(catalog("services", "query", "{env=\"canary\"}", "from", millis(DAY5), "to", millis(DAY6))))
                .isEqualTo(Map.of("checkout", List.of(CPU, CPU_SAMPLES)));
    }

    @Test
    void profileTypesOfAService() {
        assertThat(strings(catalog("profile-types", "query", service("checkout"), "from", millis(DAY5), "to", millis(DAY6)), "profileTypes"))
                .containsExactly(GOROUTINE, CPU, CPU_SAMPLES);
        assertThat(strings(catalog("profile-types", "query", "{service_name=\"checkout\", pod=\"checkout-2\"}", "from", millis(DAY5),
                "to", millis(DAY6)), "profileTypes")).containsExactly(CPU, CPU_SAMPLES);
        assertThat(strings(catalog("profile-types", "query", service("search"), "from", millis(QueryFixture.DAY0), "to", millis(DAY6)),
                "profileTypes")).containsExactly(GOROUTINE);
        assertThat(strings(catalog("profile-types", "query", service("nothing"), "from", millis(DAY5), "to", millis(DAY6)), "profileTypes"))
                .isEmpty();
    }

    @Test
    void labelNamesNarrowedBySelectorAndWindow() {
        assertThat(strings(catalog("label-names", "query", service("search"), "from", millis(DAY5), "to", millis(DAY6)), "names"))
                .containsExactly("env", "pod", "service_name");
        assertThat(strings(catalog("label-names", "query", service("golden-cpu"), "from", millis(QueryFixture.DAY0), "to", millis(DAY6)),
                "names")).containsExactly("service_name");
        assertThat(strings(catalog("label-names", "profileType", CPU, "from", millis(QueryFixture.DAY0), "to", millis(DAY6)), "names"))
                .containsExactly("env", "pod", "service_name");
        assertThat(strings(catalog("label-names", "query", service("search"), "from", millis(QueryFixture.day(3)), "to", millis(DAY5)),
                "names")).isEmpty();
    }

    @Test
    void labelValuesNarrowedBySelectorTypeAndWindow() {
        assertThat(values("pod", null, service("search"), DAY5, DAY6)).containsExactly("search-1");
        assertThat(values("pod", null, service("search"), QueryFixture.DAY0, DAY6)).containsExactly("search-0", "search-1");
        assertThat(values("pod", null, service("search"), QueryFixture.day(2), QueryFixture.day(3))).containsExactly("search-0");

        assertThat(values("pod", CPU, service("checkout"), DAY5, DAY6)).containsExactly("checkout-1", "checkout-2", "checkout-canary");
        assertThat(values("pod", CPU, "{service_name=\"checkout\", env!=\"canary\"}", DAY5, DAY6)).containsExactly("checkout-1", "checkout-2");
        assertThat(values("pod", CPU, "{service_name=\"checkout\", pod=~\"checkout-[0-9]+\"}", DAY5, DAY6))
                .containsExactly("checkout-1", "checkout-2");
        assertThat(values("pod", CPU, "{service_name=\"checkout\", pod!~\"checkout-[0-9]+\"}", DAY5, DAY6)).containsExactly("checkout-canary");
        assertThat(values("env", GOROUTINE, service("checkout"), DAY5, DAY6)).containsExactly("prod");
        assertThat(values("env", null, null, QueryFixture.DAY0, DAY6)).containsExactly("canary", "prod", "staging");
        assertThat(values("service_name", null, "{env=~\"prod|staging\"}", QueryFixture.DAY0, DAY6)).containsExactly("checkout", "search");
        assertThat(values("region", null, null, QueryFixture.DAY0, DAY6)).isEmpty();

        JsonNode answer = catalog("label-values", "name", "pod", "query", service("search"), "from", millis(DAY5), "to", millis(DAY6));
        assertThat(answer.get("name").asString()).isEqualTo("pod");
    }

    @Test
    void aTenantSeesOnlyItsOwnCatalog() {
        JsonNode defaults = ok(url("catalog/services", "from", millis(QueryFixture.DAY0), "to", millis(QueryFixture.day(7))));
        assertThat(services(defaults).keySet()).contains("golden-cpu", "golden-heap", "timeline").doesNotContain("checkout", "search");
        assertThat(services(defaults).get("golden-cpu")).containsExactly(CPU, CPU_SAMPLES);

        assertThat(ok(url("catalog/services", "tenant", "initech", "from", millis(QueryFixture.DAY0), "to", millis(DAY6))).get("services"))
                .isEmpty();
        assertThat(ok(url("catalog/label-values", "tenant", "initech", "name", "pod", "from", millis(QueryFixture.DAY0), "to",
                millis(DAY6))).get("values")).isEmpty();
    }

    private JsonNode catalog(String path, Object... params) {
        List<Object> all = new ArrayList<>(List.of("tenant", "acme"));
        all.addAll(List.of(params));
        return ok(url("catalog/" + path, all.toArray()));
    }

    private List<String> values(String name, String profileType, String selector, Instant from, Instant to) {
        List<Object> params = new ArrayList<>(List.of("name", name, "from", millis(from), "to", millis(to)));
        if (profileType != null) {
            params.addAll(List.of("profileType", profileType));
        }
        if (selector != null) {
            params.addAll(List.of("query", selector));
        }
        return strings(catalog("label-values", params.toArray()), "values");
    }

    private static Map<String, List<String>> services(JsonNode answer) {
        Map<String, List<String>> services = new java.util.LinkedHashMap<>();
        answer.get("services").forEach(service -> services.put(service.get("name").asString(), strings(service, "profileTypes")));
        return services;
    }

    private static List<String> strings(JsonNode node, String field) {
        List<String> strings = new ArrayList<>();
        node.get(field).forEach(value -> strings.add(value.asString()));
        return strings;
    }

    private static long millis(Instant instant) {
        return instant.toEpochMilli();
    }
}

package dev.pyrometer.query.api;

import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/overview} over the fixture's first days: its services are the catalog's, its sparklines are
 * {@code /timeline}'s lines of each service, its top functions are {@code /top}'s first rows, and the services
 * come most CPU first, by the same order the merged CPU totals of {@code /top} give.
 */
class OverviewTest extends RunningQueryService {
    private static final Instant FROM = QueryFixture.GOLDEN_FROM;
    private static final Instant TO = QueryFixture.GOLDEN_TO;

    @Test
    void listsTheCatalogsServicesWithTheirTimelinesAndTopFunctionsMostCpuFirst() {
        JsonNode answer = ok(url("overview", "from", t(FROM), "to", t(TO)));
        JsonNode catalog = ok(url("catalog/services", "from", t(FROM), "to", t(TO)));
        List<String> catalogNames = new ArrayList<>();
        catalog.get("services").forEach(s -> catalogNames.add(s.get("name").asString()));
        List<String> names = new ArrayList<>();
        answer.get("services").forEach(s -> names.add(s.get("name").asString()));

        assertThat(answer.get("total").asInt()).isEqualTo(catalogNames.size());
        assertThat(names).containsExactlyInAnyOrderElementsOf(catalogNames);
        assertThat(names.size()).as("the fixture has several services in this window").isGreaterThan(2);

        List<Long> cpuTotals = new ArrayList<>();
        for (JsonNode service : answer.get("services")) {
            String name = service.get("name").asString();
            for (JsonNode spark : service.get("sparklines")) {
                JsonNode line = ok(url("timeline", "profileType", spark.get("profileType").asString(), "query", service(name),
                        "from", t(FROM), "to", t(TO), "step", spark.get("step").asLong() + "s"));
                assertThat(spark.get("values")).as("%s %s", name, spark.get("profileType")).isEqualTo(line.at("/lines/0/values"));
                assertThat(spark.get("start").asLong()).isEqualTo(line.get("start").asLong());
            }
            if (service.get("topType").isNull()) {
                assertThat(service.get("topFunction").isNull()).isTrue();
            } else {
                JsonNode top = ok(url("top", "profileType", service.get("topType").asString(), "query", service(name),
                        "from", t(FROM), "to", t(TO), "limit", 1));
                assertThat(service.get("topFunction").asString()).as(name).isEqualTo(top.at("/rows/0/function").asString());
                assertThat(service.get("topFlat")).as(name).isEqualTo(top.at("/rows/0/flat"));
            }
            boolean hasCpu = service.get("profileTypes").valueStream().anyMatch(t -> t.asString().equals(CPU));
            if (hasCpu) {
                assertThat(service.get("topType").asString()).isEqualTo(CPU);
                cpuTotals.add(ok(url("top", "profileType", CPU, "query", service(name), "from", t(FROM), "to", t(TO), "limit", 1))
                        .at("/window/total").asLong());
            } else {
                assertThat(service.get("cost").isNull()).as(name).isTrue();
                cpuTotals.add(-1L);
            }
        }
        List<Long> sorted = new ArrayList<>(cpuTotals);
        sorted.sort((a, b) -> Long.compare(b, a));
        assertThat(cpuTotals).as("CPU totals in the answer's order").containsExactlyElementsOf(sorted);
    }

    @Test
    void limitKeepsTheCostliestServicesAndIsBounded() {
        JsonNode all = ok(url("overview", "from", t(FROM), "to", t(TO)));
        JsonNode two = ok(url("overview", "from", t(FROM), "to", t(TO), "limit", 2));
        assertThat(two.get("total").asInt()).isEqualTo(all.get("total").asInt());
        assertThat(two.get("services")).containsExactly(all.get("services").get(0), all.get("services").get(1));
        Answer tooMany = get(url("overview", "limit", 201));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(onlyError(tooMany.contentType(), tooMany.text())).isEqualTo("parameter 'limit' must be between 1 and 200");
    }
}

package dev.pyrometer.query.pyroscope;

import dev.pyrometer.protocol.pyroscope.querier.v1.DiffRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.DiffResponse;
import dev.pyrometer.protocol.pyroscope.querier.v1.FlameGraph;
import dev.pyrometer.protocol.pyroscope.querier.v1.FlameGraphDiff;
import dev.pyrometer.protocol.pyroscope.querier.v1.Level;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectMergeStacktracesResponse;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.pyrometer.query.pyroscope.QuerierServiceTest.levels;
import static dev.pyrometer.query.pyroscope.QuerierServiceTest.merge;
import static dev.pyrometer.query.pyroscope.QuerierServiceTest.strings;
import static dev.pyrometer.query.support.QueryFixture.CATALOG_AT;
import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static dev.pyrometer.query.support.QueryFixture.GOROUTINE;
import static dev.pyrometer.query.support.QueryFixture.INUSE_SPACE;
import static dev.pyrometer.query.support.QueryFixture.TIMELINE_P1_START;
import static dev.pyrometer.query.support.QueryFixture.slot;
import static org.assertj.core.api.Assertions.assertThat;

/** Pyroscope's /pyroscope/render, /render-diff, /label-names and /label-values, in its flamebearer shapes. */
class PyroscopeHttpTest extends RunningQueryService {
    private ConnectClient connect;

    @BeforeEach
    void client() {
        connect = new ConnectClient(port);
    }

    private String pyroscope(String path, Object... namesAndValues) {
        return "http://127.0.0.1:" + port + "/pyroscope/" + path + query(namesAndValues);
    }

    @Test
    void renderIsSelectMergeStacktracesAsAFlamebearer() {
        JsonNode render = ok(pyroscope("render", "query", CPU + service("golden-cpu"), "from", t(GOLDEN_FROM), "until", t(GOLDEN_TO),
                "format", "json", "max-nodes", 100));
        FlameGraph graph = connect.call("SelectMergeStacktraces", merge(CPU, "golden-cpu", GOLDEN_FROM, GOLDEN_TO).setMaxNodes(100).build(),
                SelectMergeStacktracesResponse.getDefaultInstance()).getFlamegraph();

        assertThat(render.get("version").asInt()).isEqualTo(1);
        assertThat(strings(render.at("/flamebearer/names"))).isEqualTo(graph.getNamesList());
        assertThat(levels(render.at("/flamebearer/levels"))).isEqualTo(graph.getLevelsList().stream().map(Level::getValuesList).toList());
        assertThat(render.at("/flamebearer/numTicks").asLong()).isEqualTo(graph.getTotal()).isPositive();
        assertThat(render.at("/flamebearer/maxSelf").asLong()).isEqualTo(graph.getMaxSelf());
        assertThat(render.get("metadata").toString())
                .isEqualTo("{\"format\":\"single\",\"spyName\":\"\",\"sampleRate\":1000000000,\"units\":\"samples\",\"name\":\"cpu\"}");
        assertThat(render.has("leftTicks")).isFalse();
    }

    @Test
    void theApplicationNameFormMapsTheSuffixToItsType() {
        for (String[] app : List.of(new String[] {"golden-cpu.cpu", CPU, "golden-cpu"}, new String[] {"golden-heap.inuse_space", INUSE_SPACE, "golden-heap"})) {
            JsonNode byName = ok(pyroscope("render", "query", app[0] + "{}", "from", t(GOLDEN_FROM), "until", t(GOLDEN_TO)));
            JsonNode byType = ok(pyroscope("render", "query", app[1] + service(app[2]), "from", t(GOLDEN_FROM), "until", t(GOLDEN_TO)));
            assertThat(byName.get("flamebearer")).as(app[0]).isEqualTo(byType.get("flamebearer"));
            assertThat(byName.at("/flamebearer/numTicks").asLong()).isPositive();
        }
        JsonNode heap = ok(pyroscope("render", "query", "golden-heap.inuse_space", "from", t(GOLDEN_FROM), "until", t(GOLDEN_TO)));
        assertThat(heap.at("/metadata/units").asString()).isEqualTo("bytes");
        assertThat(heap.at("/metadata/sampleRate").asLong()).isEqualTo(100);
    }

    @Test
    void theTimelineHoldsEachStepsSumAndAddsUpToTheTotal() {
        Instant from = TIMELINE_P1_START;
        Instant until = from.plus(Duration.ofMinutes(20));
        JsonNode render = ok(pyroscope("render", "query", "timeline.cpu", "from", Long.toString(from.getEpochSecond()),
                "until", Long.toString(until.getEpochSecond())));
        JsonNode timeline = render.get("timeline");
        assertThat(timeline.get("startTime").asLong()).isEqualTo(from.getEpochSecond());
        assertThat(timeline.get("durationDelta").asLong()).isEqualTo(15);
        assertThat(timeline.get("samples")).hasSize(80);
        long sum = 0;
        for (JsonNode sample : timeline.get("samples")) {
            sum += sample.asLong();
        }
        assertThat(sum).isEqualTo(render.at("/flamebearer/numTicks").asLong()).isPositive();
        assertThat(timeline.get("samples").get(79).asLong()).as("p1's last snapshot, at 10:14:50").isPositive();
    }

    @Test
    void renderDiffIsDiffAsADoubleFlamebearer() {
        Instant leftFrom = slot(2).minusSeconds(5);
        Instant rightFrom = slot(5).minusSeconds(5);
        JsonNode render = ok(pyroscope("render-diff", "leftQuery", "golden-cpu.cpu", "leftFrom", t(leftFrom), "leftUntil", t(leftFrom.plusSeconds(10)),
                "rightQuery", "golden-cpu.cpu", "rightFrom", t(rightFrom), "rightUntil", t(rightFrom.plusSeconds(10))));
        FlameGraphDiff diff = connect.call("Diff", DiffRequest.newBuilder()
                .setLeft(merge(CPU, "golden-cpu", leftFrom, leftFrom.plusSeconds(10)))
                .setRight(merge(CPU, "golden-cpu", rightFrom, rightFrom.plusSeconds(10))).build(), DiffResponse.getDefaultInstance()).getFlamegraph();

        assertThat(render.at("/metadata/format").asString()).isEqualTo("double");
        assertThat(render.get("leftTicks").asLong()).isEqualTo(diff.getLeftTicks()).isPositive();
        assertThat(render.get("rightTicks").asLong()).isEqualTo(diff.getRightTicks()).isPositive();
        assertThat(levels(render.at("/flamebearer/levels"))).isEqualTo(diff.getLevelsList().stream().map(Level::getValuesList).toList());
        assertThat(render.at("/flamebearer/levels/1").size() % 7).isZero();
    }

    @Test
    void labelNamesAndValues() {
        Map<String, String> acme = Map.of("X-Scope-OrgID", "acme");
        String from = t(CATALOG_AT.minusSeconds(60));
        String until = t(CATALOG_AT.plusSeconds(60));
        assertThat(strings(get(pyroscope("label-values", "label", "__name__", "from", from, "until", until), acme).json()))
                .containsExactly(GOROUTINE, CPU, "process_cpu:samples:count:cpu:nanoseconds");
        assertThat(strings(get(pyroscope("label-values", "label", "pod", "query", "{env=\"prod\"}", "from", from, "until", until), acme).json()))
                .containsExactly("checkout-1", "checkout-2", "search-1");
        assertThat(strings(get(pyroscope("label-names", "query", service("search"), "from", from, "until", until), acme).json()))
                .containsExactly("__name__", "__period_type__", "__period_unit__", "__profile_type__", "__type__", "__unit__", "env", "pod",
                        "service_name");
    }

    @Test
    void badQueriesAreErrorsNamingTheParameter() {
        Answer missing = get(pyroscope("render", "from", "now-1h"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(onlyError(missing.contentType(), missing.text())).startsWith("parameter 'query' is required");
        Answer bad = get(pyroscope("render", "query", "api.cpu{env=}"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(onlyError(bad.contentType(), bad.text())).startsWith("parameter 'query': invalid selector at position 5");
        Answer mixed = get(pyroscope("render-diff", "leftQuery", "api.cpu", "rightQuery", "api.alloc_space"));
        assertThat(mixed.status()).isEqualTo(400);
        assertThat(onlyError(mixed.contentType(), mixed.text())).isEqualTo("leftQuery (" + CPU
                + ") and rightQuery (memory:alloc_space:bytes:space:bytes) must be of the same profile type");
    }
}

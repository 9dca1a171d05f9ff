package dev.pyrometer.query.api;

import dev.pyrometer.profile.callgraph.CallGraph;
import dev.pyrometer.profile.callgraph.GoldenDot;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.query.support.GoTool;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /api/v1/callgraph} of the golden window (see {@link QueryFixture}) is the graph {@code go tool pprof -dot}
 * draws: for cpu and alloc_space (agent deltas) that of the raw captures, profile-core's goldens; for the averaged
 * inuse_space, that of the window's own pprof export, fetched by pprof from the service's URL, since pprof cannot
 * average. {@code /api/v1/peek} lists what {@code go tool pprof -peek} lists.
 */
class CallGraphApiTest extends RunningQueryService {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "golden-cpu,    process_cpu:cpu:nanoseconds:cpu:nanoseconds, cpu.cpu",
            "golden-allocs, memory:alloc_space:bytes:space:bytes,        allocs.alloc_space"})
    void summedTypesEqualPprofDotOfTheRawCaptures(String service, String profileType, String golden) {
        GoldenDot expected = GoldenDot.load("/golden/callgraph/" + golden + ".dot");

        JsonNode answer = callGraph(service, profileType);

        assertEqualsDot(answer, expected);
        assertThat(answer.at("/window/aggregation").asString()).isEqualTo("sum");
    }

    /**
     * An averaged window's graph is pprof's {@code -dot} of the window's 4 heap captures merged, every value
     * divided by 4 and unrounded (pprof's pruning is by fractions of the total, so dividing changes no shape).
     */
    @Test
    void averagedTypesEqualPprofDotOfTheMergedCapturesDividedByTheSnapshotCount() {
        GoldenDot expected = GoldenDot.load("/golden/callgraph/heap.inuse_space.dot");

        JsonNode answer = callGraph("golden-heap", QueryFixture.INUSE_SPACE);

        assertEqualsDot(answer, expected, 4);
        assertThat(answer.at("/window/aggregation").asString()).isEqualTo("average");
        assertThat(answer.at("/window/total").asLong()).isEqualTo(ok(url("top", "profileType", QueryFixture.INUSE_SPACE,
                "query", service("golden-heap"), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO))).at("/window/total").asLong());
    }

    @Test
    void pruningParametersArePprofs() {
        GoldenDot expected = GoldenDot.load("/golden/callgraph/cpu.cpu.nodecount12.dot");

        JsonNode answer = ok(url("callgraph", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO), "nodeCount", 12, "nodeFraction", 0.0005, "edgeFraction", 0.02));

        assertEqualsDot(answer, expected);
        assertThat(answer.get("nodesBeforeLimit").asInt()).isEqualTo(24);
        assertThat(answer.get("nodes")).hasSize(12);
    }

    @Test
    void peekListsWhatPprofPeekLists() {
        List<String> captures = IntStream.rangeClosed(2, 5)
                .mapToObj(round -> GoTool.file("cpu-" + round + ".pb.gz", Fixtures.bytes("cpu-" + round + ".pb.gz")).toString())
                .toList();
        List<String> args = new ArrayList<>(List.of("-peek", "^main\\.increase2000$", "-sample_index=cpu", "-unit=ns"));
        args.addAll(captures);
        String pprof = GoTool.pprof(args);

        JsonNode answer = ok(url("peek", "profileType", QueryFixture.CPU, "function", "main.increase2000", "query", service("golden-cpu"),
                "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO)));

        assertThat(answer.get("found").asBoolean()).isTrue();
        long cum = answer.get("cum").asLong();
        assertThat(pprof).contains(answer.get("flat").asLong() + "ns ").contains(" " + cum + "ns ");
        assertThat(calls(answer.get("callers"), cum)).containsExactly(
                "8610000000 main.IncreaseInt", "8320000000 main.IncreaseIntGoroutine.func1");
        assertThat(calls(answer.get("callees"), cum)).containsExactly("2470000000 runtime.asyncPreempt");
        assertThat(pprof).contains("8610000000ns 50.86% |   main.IncreaseInt (inline)\n")
                .contains("8320000000ns 49.14% |   main.IncreaseIntGoroutine.func1 (inline)\n")
                .contains("2470000000ns 14.59% |   runtime.asyncPreempt\n")
                .contains("14460000000ns 55.68% 55.68% 16930000000ns 65.19%                | main.increase2000\n");
    }

    @Test
    void aFunctionNotInTheWindowIsNotFoundRatherThanAnError() {
        JsonNode answer = ok(url("peek", "profileType", QueryFixture.CPU, "function", "main.absent", "query", service("golden-cpu"),
                "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO)));

        assertThat(answer.get("found").asBoolean()).isFalse();
        assertThat(answer.get("cum").asLong()).isZero();
        assertThat(answer.get("callers")).isEmpty();
    }

    @Test
    void refusesBadPruningParameters() {
        assertError(url("callgraph", "profileType", QueryFixture.CPU, "nodeCount", 0), "parameter 'nodeCount' must be between 1 and 1000");
        assertError(url("callgraph", "profileType", QueryFixture.CPU, "nodeFraction", 1.5), "parameter 'nodeFraction' must be between 0 and 1");
        assertError(url("callgraph", "profileType", QueryFixture.CPU, "edgeFraction", "NaN"), "parameter 'edgeFraction' must be between 0 and 1");
        assertError(url("peek", "profileType", QueryFixture.CPU, "function", ""), "parameter 'function' must not be empty");
    }

    private static void assertError(String url, String message) {
        Answer answer = get(url);
        assertThat(answer.status()).as(url).isEqualTo(400);
        assertThat(onlyError(answer.contentType(), answer.text())).isEqualTo(message);
    }

    private JsonNode callGraph(String service, String profileType) {
        return ok(url("callgraph", "profileType", profileType, "query", service(service), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO)));
    }

    /** The answer's nodes (in rank), edges and legend numbers are pprof's; percentages are of the window total. */
    private static void assertEqualsDot(JsonNode answer, GoldenDot expected) {
        assertEqualsDot(answer, expected, 1);
    }

    /** The same with every value of the answer multiplied by {@code snapshots} (an average's integer sum). */
    private static void assertEqualsDot(JsonNode answer, GoldenDot expected, int snapshots) {
        List<CallGraph.Node> nodes = new ArrayList<>();
        double total = GoldenQueryTest.times(answer.at("/window/total"), snapshots);
        answer.get("nodes").forEach(node -> {
            long flat = GoldenQueryTest.times(node.get("flat"), snapshots);
            long cum = GoldenQueryTest.times(node.get("cum"), snapshots);
            nodes.add(new CallGraph.Node(node.get("function").asString(), flat, cum));
            assertThat(node.get("flatPercent").asDouble()).isEqualTo(100.0 * flat / total);
            assertThat(node.get("cumPercent").asDouble()).isEqualTo(100.0 * cum / total);
        });
        List<CallGraph.Edge> edges = new ArrayList<>();
        answer.get("edges").forEach(edge -> {
            long weight = GoldenQueryTest.times(edge.get("weight"), snapshots);
            edges.add(new CallGraph.Edge(edge.get("caller").asString(), edge.get("callee").asString(), weight,
                    edge.get("residual").asBoolean()));
            assertThat(edge.get("weightPercent").asDouble()).isEqualTo(100.0 * weight / total);
        });
        assertThat(expected.nodes()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(nodes).containsExactlyElementsOf(expected.nodes());
        assertThat(edges).containsExactlyInAnyOrderElementsOf(expected.edges().stream().map(GoldenDot.DotEdge::withoutInlineMark).toList());
        assertThat(GoldenQueryTest.times(answer.get("shownFlat"), snapshots)).isEqualTo(expected.shownFlat());
        assertThat((long) total).isEqualTo(expected.total());
        assertThat(answer.get("droppedNodes").asInt()).isEqualTo(expected.droppedNodes());
    }

    /** "weight function" per call, checking each call's percentage of the function's cum. */
    private static List<String> calls(JsonNode calls, long cum) {
        List<String> result = new ArrayList<>();
        calls.forEach(call -> {
            assertThat(call.get("percentOfCum").asDouble()).isEqualTo(100.0 * call.get("weight").asLong() / cum);
            result.add(call.get("weight").asLong() + " " + call.get("function").asString());
        });
        return result;
    }
}

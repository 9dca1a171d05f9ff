package dev.pyrometer.profile.callgraph;

import dev.pyrometer.profile.merge.ProfileMerger;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.testing.Folded;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallGraphTest {

    /** Rounds 2 to 5 of a kind, one sample type: the window the goldens were drawn for. */
    static List<SeriesProfile> window(String kind, String sampleType) {
        return IntStream.rangeClosed(2, 5).boxed()
                .flatMap(round -> Fixtures.series(kind + "-" + round + ".pb.gz").stream())
                .filter(profile -> profile.type().sampleType().equals(sampleType))
                .toList();
    }

    /** alloc_space as the agent stores it: the deltas of rounds 2 to 5 add up to round 6 minus round 2 (pprof's -base). */
    static List<SeriesProfile> allocDeltas() {
        SeriesProfile round2 = only(Fixtures.series("allocs-2.pb.gz"), "alloc_space");
        SeriesProfile round6 = only(Fixtures.series("allocs-6.pb.gz"), "alloc_space");
        return List.of(ProfileMerger.merge(List.of(round6, negated(round2))));
    }

    /**
     * The graph equals {@code go tool pprof -dot} of the same files (golden/regenerate.sh): the same kept nodes
     * in the same rank with the same flat and cum, the same edges with the same weights and residual marks, and
     * the legend's numbers. pprof also marks edges into inlined calls "(inline)": storage keeps an inlined call
     * as a frame of its own without saying it was inlined, so that mark is the one thing not reproduced.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "cpu.cpu,              cpu,    cpu,         80, 0.005,  0.001",
            "allocs.alloc_space,   allocs, alloc_space, 80, 0.005,  0.001",
            "heap.inuse_space,     heap,   inuse_space, 80, 0.005,  0.001",
            "cpu.cpu.nodecount30,  cpu,    cpu,         30, 0,      0",
            "cpu.cpu.nodecount12,  cpu,    cpu,         12, 0.0005, 0.02"})
    void equalsGoToolPprofDot(String golden, String kind, String sampleType, int nodeCount, double nodeFraction, double edgeFraction) {
        GoldenDot expected = GoldenDot.load("/golden/callgraph/" + golden + ".dot");
        List<SeriesProfile> profiles = kind.equals("allocs") ? allocDeltas() : window(kind, sampleType);

        CallGraph graph = CallGraph.of(profiles, new CallGraphOptions(nodeCount, nodeFraction, edgeFraction));

        assertThat(expected.nodes()).as("nodes pprof drew").hasSizeGreaterThanOrEqualTo(5);
        assertThat(graph.nodes()).containsExactlyElementsOf(expected.nodes());
        assertThat(graph.edges()).containsExactlyInAnyOrderElementsOf(
                expected.edges().stream().map(GoldenDot.DotEdge::withoutInlineMark).toList());
        assertThat(graph.shownFlat()).isEqualTo(expected.shownFlat());
        assertThat(graph.total()).isEqualTo(expected.total());
        assertThat(graph.droppedNodes()).isEqualTo(expected.droppedNodes());
        if (expected.topOf() != 0) {
            assertThat(graph.nodesBeforeLimit()).isEqualTo(expected.topOf());
            assertThat(graph.nodes()).hasSize(nodeCount);
        }
    }

    @Test
    void theGoldensExerciseEveryPruningRule() {
        GoldenDot defaults = GoldenDot.load("/golden/callgraph/cpu.cpu.dot");
        GoldenDot top30 = GoldenDot.load("/golden/callgraph/cpu.cpu.nodecount30.dot");
        GoldenDot top12 = GoldenDot.load("/golden/callgraph/cpu.cpu.nodecount12.dot");
        assertThat(defaults.droppedNodes()).isEqualTo(39);
        assertThat(defaults.edges()).extracting(GoldenDot.DotEdge::inline).contains(true);
        assertThat(top30.topOf()).isEqualTo(44);
        assertThat(top30.edges()).filteredOn(GoldenDot.DotEdge::residual).hasSize(6);
        assertThat(top12.topOf()).isEqualTo(24);
        assertThat(top12.droppedNodes()).isEqualTo(20);
    }

    /** main → r → r → leaf, main → r → x → r: cum counts a stack once, the self call adds no edge, r → x and x → r are edges. */
    @Test
    void recursionCountsEachStackOnceAndAddsNoSelfEdge() {
        SeriesProfile profile = Folded.profile("main;r;r;leaf 5", "main;r;x;r 3");

        CallGraph graph = CallGraph.of(List.of(profile), CallGraphOptions.EVERYTHING);

        assertThat(graph.nodes()).containsExactlyInAnyOrder(
                new CallGraph.Node("main", 0, 8), new CallGraph.Node("r", 3, 8),
                new CallGraph.Node("leaf", 5, 5), new CallGraph.Node("x", 0, 3));
        assertThat(graph.edges()).containsExactly(
                new CallGraph.Edge("main", "r", 8, false), new CallGraph.Edge("r", "leaf", 5, false),
                new CallGraph.Edge("r", "x", 3, false), new CallGraph.Edge("x", "r", 3, false));
    }

    /**
     * With a cutoff of 1% of 1000 (10), b (cum 5) is dropped: main → b → c becomes the residual edge main → c;
     * a leaf that is dropped gives its stack's value to no node's flat, as in pprof.
     */
    @Test
    void droppedNodesTurnPathsOverThemIntoResidualEdges() {
        SeriesProfile profile = Folded.profile("main;a 990", "main;b;c 4", "main;c 100", "main;b 1");

        CallGraph graph = CallGraph.of(List.of(profile), new CallGraphOptions(0, 0.01, 0));

        assertThat(graph.nodeCutoff()).isEqualTo(10);
        assertThat(graph.droppedNodes()).isEqualTo(1);
        assertThat(graph.nodes()).extracting(CallGraph.Node::function).containsExactlyInAnyOrder("main", "a", "c");
        assertThat(graph.edges()).containsExactly(
                new CallGraph.Edge("main", "a", 990, false), new CallGraph.Edge("main", "c", 104, true));
        assertThat(graph.shownFlat()).isEqualTo(1094);
        assertThat(graph.total()).isEqualTo(1095);
    }

    /** main → a → c and main ⋯ c (over a dropped b): the residual edge is redundant, since a path main → a → c remains. */
    @Test
    void residualEdgesThatAnotherPathCoversAreRemoved() {
        SeriesProfile profile = Folded.profile("main;a;c 500", "main;b;c 2", "main;a 498");

        CallGraph graph = CallGraph.of(List.of(profile), new CallGraphOptions(0, 0.005, 0));

        assertThat(graph.nodes()).extracting(CallGraph.Node::function).containsExactlyInAnyOrder("main", "a", "c");
        assertThat(graph.edges()).containsExactly(new CallGraph.Edge("main", "a", 998, false), new CallGraph.Edge("a", "c", 500, false));
    }

    @Test
    void peekListsDirectCallersAndCalleesWithTheirWeights() {
        SeriesProfile profile = Folded.profile("main;a;c 5", "main;b;c 3", "main;c 1", "main;c;d 2", "c 4");

        Peek peek = Peek.of(List.of(profile), "c").orElseThrow();

        assertThat(peek).isEqualTo(new Peek("c", 13, 15,
                List.of(new Peek.Call("a", 5), new Peek.Call("b", 3), new Peek.Call("main", 1 + 2)),
                List.of(new Peek.Call("d", 2))));
        assertThat(Peek.of(List.of(profile), "nope")).isEmpty();
    }

    @Test
    void log2AgreesWithGoOnPowersOfTwoAndElsewhere() {
        assertThat(EntropyOrder.log2(0.5)).isEqualTo(-1.0);
        assertThat(EntropyOrder.log2(0.25)).isEqualTo(-2.0);
        assertThat(EntropyOrder.log2(1)).isEqualTo(0.0);
        assertThat(EntropyOrder.log2(0.75)).isCloseTo(Math.log(0.75) / Math.log(2), org.assertj.core.data.Offset.offset(1e-15));
    }

    @Test
    void refusesProfilesOfDifferentTypes() {
        SeriesProfile heap = Folded.profile(dev.pyrometer.profile.model.ProfileType.parse("memory:inuse_space:bytes:space:bytes"), "main 1");

        assertThatThrownBy(() -> CallGraph.of(List.of(Folded.profile("main 1"), heap), CallGraphOptions.PPROF_DEFAULTS))
                .hasMessage("cannot graph profiles of different types: process_cpu:cpu:nanoseconds:cpu:nanoseconds"
                        + " and memory:inuse_space:bytes:space:bytes");
    }

    private static SeriesProfile only(List<SeriesProfile> series, String sampleType) {
        return series.stream().filter(profile -> profile.type().sampleType().equals(sampleType)).findFirst().orElseThrow();
    }

    private static SeriesProfile negated(SeriesProfile profile) {
        long[] values = profile.values().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = -values[i];
        }
        return new SeriesProfile(profile.type(), profile.labels(), profile.timeNanos(), profile.durationNanos(), profile.period(),
                profile.frames(), profile.stacks(), values);
    }
}

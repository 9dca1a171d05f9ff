package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.query.support.GoTool;
import dev.pyrometer.query.support.PprofSamples;
import dev.pyrometer.query.support.PprofTop;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.query.support.TopOracle;
import dev.pyrometer.storage.testing.Captures;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.pyrometer.query.support.QueryFixture.SEMANTICS_FROM;
import static dev.pyrometer.query.support.QueryFixture.SEMANTICS_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Window semantics with two series of different snapshot counts (service "semantics": pod a holds heap-1
 * and heap-2, pod b heap-3, heap-4 and heap-5, and one cpu capture each): cumulative types are summed
 * over series and snapshots; instant types are, per stack, the sum over series of each series' mean over
 * its own snapshots, unrounded: {@code Sa/2 + Sb/3 = (3 Sa + 2 Sb) / 6}; the pprof export rounds that half up per
 * stack, keeping non-zero stacks. Expected values are computed here from the captures, not by the project's merge code.
 */
class WindowSemanticsTest extends RunningQueryService {
    private static final LabelSet LABELS = Captures.labels("service_name", "semantics");

    @Test
    void instantTypesAverageEachSeriesOverItsOwnSnapshotsAndAddTheMeans() {
        Map<List<Frame>, Long> sumA = sum(QueryFixture.INUSE_SPACE, "heap-1", "heap-2");
        Map<List<Frame>, Long> sumB = sum(QueryFixture.INUSE_SPACE, "heap-3", "heap-4", "heap-5");
        Map<List<Frame>, Long> sixths = new HashMap<>();
        for (List<Frame> stack : union(sumA, sumB)) {
            long value = 3 * sumA.getOrDefault(stack, 0L) + 2 * sumB.getOrDefault(stack, 0L);
            if (value != 0) {
                sixths.put(stack, value);
            }
        }

        JsonNode top = top(QueryFixture.INUSE_SPACE, service("semantics"));
        assertThat(top.at("/window/aggregation").asString()).isEqualTo("average");
        assertThat(top.at("/window/series").asInt()).isEqualTo(2);
        assertThat(top.at("/window/snapshots").asLong()).as("heap-6 at the window's end is outside").isEqualTo(5);
        assertThat(top.at("/window/total").asDouble()).isEqualTo(total(sixths) / 6.0);
        assertThat(GoldenQueryTest.rows(top, 6)).containsExactlyElementsOf(TopOracle.of(sixths).rows());
        assertThat(exported(QueryFixture.INUSE_SPACE, service("semantics"), "inuse_space"))
                .isEqualTo(PprofSamples.text(TopOracle.average(sixths, 6)));

        long summed = total(sumA) + total(sumB);
        assertThat(top.at("/window/total").asDouble()).as("an average, not the sum of 5 snapshots").isLessThan(summed / 2.0);
    }

    @Test
    void oneSeriesAloneIsItsOwnMean() {
        Map<List<Frame>, Long> sumA = sum(QueryFixture.INUSE_SPACE, "heap-1", "heap-2");
        JsonNode top = top(QueryFixture.INUSE_SPACE, "{service_name=\"semantics\", pod=\"a\"}");

        assertThat(top.at("/window/snapshots").asLong()).isEqualTo(2);
        assertThat(GoldenQueryTest.times(top.at("/window/total"), 2)).isEqualTo(total(sumA));
        assertThat(GoldenQueryTest.rows(top, 2)).containsExactlyElementsOf(TopOracle.of(sumA).rows());
    }

    @Test
    void cumulativeTypesAreSummedOverSeriesAndSnapshots() {
        Map<List<Frame>, Long> expected = new HashMap<>(sum(QueryFixture.CPU, "cpu-1"));
        sum(QueryFixture.CPU, "cpu-2").forEach((stack, value) -> expected.merge(stack, value, Long::sum));

        JsonNode top = top(QueryFixture.CPU, service("semantics"));
        assertThat(top.at("/window/aggregation").asString()).isEqualTo("sum");
        assertThat(top.at("/window/series").asInt()).isEqualTo(2);
        assertThat(top.at("/window/snapshots").asLong()).isEqualTo(2);
        PprofTop oracle = TopOracle.of(expected);
        assertThat(top.at("/window/total").asLong()).isEqualTo(oracle.total());
        assertThat(GoldenQueryTest.rows(top)).containsExactlyElementsOf(oracle.rows());
        assertThat(exported(QueryFixture.CPU, service("semantics"), "cpu")).isEqualTo(PprofSamples.text(expected));
    }

    private JsonNode top(String profileType, String selector) {
        return ok(url("top", "profileType", profileType, "query", selector, "from", t(SEMANTICS_FROM), "to", t(SEMANTICS_TO)));
    }

    private Map<String, Long> exported(String profileType, String selector, String sampleType) {
        Answer answer = get(url("pprof", "profileType", profileType, "query", selector, "from", t(SEMANTICS_FROM), "to", t(SEMANTICS_TO)));
        assertThat(answer.status()).isEqualTo(200);
        String raw = GoTool.raw(GoTool.file("semantics-" + sampleType + ".pb.gz", answer.body()).toString());
        return PprofSamples.text(PprofSamples.parse(raw, sampleType));
    }

    /** The captures' values of {@code profileType}, summed by stack. */
    private static Map<List<Frame>, Long> sum(String profileType, String... captures) {
        Map<List<Frame>, Long> sums = new HashMap<>();
        for (String capture : captures) {
            for (SeriesProfile profile : Captures.split(capture + ".pb.gz", LABELS, 1)) {
                if (profile.type().id().equals(profileType)) {
                    profile.valuesByStack().forEach((stack, value) -> sums.merge(stack, value, Long::sum));
                }
            }
        }
        sums.values().removeIf(value -> value == 0);
        return sums;
    }

    private static Set<List<Frame>> union(Map<List<Frame>, Long> a, Map<List<Frame>, Long> b) {
        Set<List<Frame>> stacks = new HashSet<>(a.keySet());
        stacks.addAll(b.keySet());
        return stacks;
    }

    private static long total(Map<List<Frame>, Long> byStack) {
        return byStack.values().stream().mapToLong(Long::longValue).sum();
    }
}

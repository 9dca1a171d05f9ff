package dev.pyrometer.query.api;

import dev.pyrometer.query.support.FlameTree;
import dev.pyrometer.query.support.FlameTree.Node;
import dev.pyrometer.query.support.PprofTop;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.pyrometer.query.support.QueryFixture.slot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A diff of two windows: its totals are the two windows' totals, its tree holds both sides consistently
 * (each side's totals add up, and each side alone is that window's flame graph), its table is
 * {@code go tool pprof -top -base LEFT RIGHT} with both sides beside the change, and functions and nodes
 * present on one side only are marked.
 */
class DiffTest extends RunningQueryService {
    private static final Instant LEFT_FROM = slot(2).minusSeconds(5);
    private static final Instant LEFT_TO = slot(2).plusSeconds(5);
    private static final Instant RIGHT_FROM = slot(5).minusSeconds(5);
    private static final Instant RIGHT_TO = slot(5).plusSeconds(5);

    @Test
    void theTableIsPprofsBaseDiffWithBothSidesAndTheTotalsAreTheWindows() {
        JsonNode diff = ok(url("diff", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "leftFrom", t(LEFT_FROM), "leftTo", t(LEFT_TO), "rightFrom", t(RIGHT_FROM), "rightTo", t(RIGHT_TO), "tableLimit", 10_000));

        long leftTotal = topTotal(LEFT_FROM, LEFT_TO);
        long rightTotal = topTotal(RIGHT_FROM, RIGHT_TO);
        assertThat(diff.get("leftTotal").asLong()).isEqualTo(leftTotal).isEqualTo(diff.at("/left/total").asLong())
                .isEqualTo(diff.at("/flamebearer/leftTicks").asLong());
        assertThat(diff.get("rightTotal").asLong()).isEqualTo(rightTotal).isEqualTo(diff.at("/right/total").asLong())
                .isEqualTo(diff.at("/flamebearer/rightTicks").asLong());
        assertThat(diff.at("/flamebearer/numTicks").asLong()).isEqualTo(leftTotal + rightTotal);
        assertThat(diff.at("/left/snapshots").asLong()).isEqualTo(1);
        assertThat(diff.at("/right/snapshots").asLong()).isEqualTo(1);

        PprofTop golden = PprofTop.golden("diff.cpu-2_cpu-5");
        List<PprofTop.Row> changed = new ArrayList<>();
        long shown = 0;
        for (JsonNode row : diff.get("table")) {
            assertThat(row.get("flatChange").asLong()).isEqualTo(row.get("rightFlat").asLong() - row.get("leftFlat").asLong());
            assertThat(row.get("cumChange").asLong()).isEqualTo(row.get("rightCum").asLong() - row.get("leftCum").asLong());
            String presence = row.get("leftCum").asLong() == 0 ? "RIGHT_ONLY" : row.get("rightCum").asLong() == 0 ? "LEFT_ONLY" : "BOTH";
            assertThat(row.get("presence").asString()).as(row.get("function").asString()).isEqualTo(presence);
            if (row.get("flatChange").asLong() != 0 || row.get("cumChange").asLong() != 0) {
                changed.add(new PprofTop.Row(row.get("function").asString(), row.get("flatChange").asLong(), row.get("cumChange").asLong()));
                shown += row.get("flatChange").asLong();
            }
        }
        assertThat(changed).containsExactlyElementsOf(golden.rows());
        assertThat(shown).isEqualTo(golden.shown());
        assertThat(diff.get("table")).extracting(row -> row.get("presence").asString()).contains("LEFT_ONLY", "RIGHT_ONLY", "BOTH");
    }

    @Test
    void eachSideOfTheTreeIsThatWindowsFlameGraphAndOneSidedNodesHaveZeroOnTheOtherSide() {
        JsonNode diff = ok(url("diff", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "leftFrom", t(LEFT_FROM), "leftTo", t(LEFT_TO), "rightFrom", t(RIGHT_FROM), "rightTo", t(RIGHT_TO), "maxNodes", 65_536));
        FlameTree tree = FlameTree.decode(diff.get("flamebearer"), 2);
        FlameTree left = FlameTree.decode(ok(url("flamegraph", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "from", t(LEFT_FROM), "to", t(LEFT_TO), "maxNodes", 65_536)).get("flamebearer"), 1);
        FlameTree right = FlameTree.decode(ok(url("flamegraph", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "from", t(RIGHT_FROM), "to", t(RIGHT_TO), "maxNodes", 65_536)).get("flamebearer"), 1);

        assertThat(side(tree, 0)).isEqualTo(side(left, 0));
        assertThat(side(tree, 1)).isEqualTo(side(right, 0));
        long leftOnly = tree.nodes.stream().filter(node -> node.total[0] > 0 && node.total[1] == 0).count();
        long rightOnly = tree.nodes.stream().filter(node -> node.total[0] == 0 && node.total[1] > 0).count();
        assertThat(leftOnly).as("nodes only the base has").isPositive();
        assertThat(rightOnly).as("nodes only the comparison has").isPositive();
        for (Node node : tree.nodes) {
            assertThat(node.total[0] > 0 || node.total[1] > 0).as("node %s is on some side", node.path).isTrue();
        }
    }

    @Test
    void eachSideMayHaveItsOwnSelector() {
        Instant from = QueryFixture.SEMANTICS_FROM;
        Instant to = QueryFixture.SEMANTICS_TO;
        JsonNode diff = ok(url("diff", "profileType", QueryFixture.CPU,
                "leftQuery", "{service_name=\"semantics\", pod=\"a\"}", "rightQuery", "{service_name=\"semantics\", pod=\"b\"}",
                "leftFrom", t(from), "leftTo", t(to), "rightFrom", t(from), "rightTo", t(to)));

        assertThat(diff.get("leftTotal").asLong()).isEqualTo(topTotal("{service_name=\"semantics\", pod=\"a\"}", from, to)).isPositive();
        assertThat(diff.get("rightTotal").asLong()).isEqualTo(topTotal("{service_name=\"semantics\", pod=\"b\"}", from, to)).isPositive();
        assertThat(diff.get("leftTotal").asLong()).isNotEqualTo(diff.get("rightTotal").asLong());

        // a side without its own selector uses 'query'
        JsonNode mixed = ok(url("diff", "profileType", QueryFixture.CPU, "query", "{service_name=\"semantics\"}",
                "rightQuery", "{service_name=\"semantics\", pod=\"b\"}",
                "leftFrom", t(from), "leftTo", t(to), "rightFrom", t(from), "rightTo", t(to)));
        assertThat(mixed.get("leftTotal").asLong()).isEqualTo(topTotal("{service_name=\"semantics\"}", from, to));
        assertThat(mixed.get("rightTotal").asLong()).isEqualTo(diff.get("rightTotal").asLong());
    }

    @Test
    void tableLimitCutsTheTableButNotTheTotals() {
        JsonNode diff = ok(url("diff", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "leftFrom", t(LEFT_FROM), "leftTo", t(LEFT_TO), "rightFrom", t(RIGHT_FROM), "rightTo", t(RIGHT_TO), "tableLimit", 2));
        assertThat(diff.get("table").size()).isEqualTo(2);
        assertThat(diff.get("table").get(0).get("function").asString()).isEqualTo(PprofTop.golden("diff.cpu-2_cpu-5").rows().get(0).function());
        assertThat(diff.get("leftTotal").asLong()).isEqualTo(topTotal(LEFT_FROM, LEFT_TO));
    }

    private long topTotal(Instant from, Instant to) {
        return topTotal(service("golden-cpu"), from, to);
    }

    private long topTotal(String selector, Instant from, Instant to) {
        return ok(url("top", "profileType", QueryFixture.CPU, "query", selector, "from", t(from), "to", t(to))).at("/window/total").asLong();
    }

    /** One column of a tree as path → [total, self], nodes that are empty on that side left out. */
    private static Map<List<String>, List<Long>> side(FlameTree tree, int column) {
        Map<List<String>, List<Long>> nodes = new HashMap<>();
        for (Node node : tree.nodes) {
            if (node.total[column] != 0) {
                nodes.put(node.path, List.of(node.total[column], node.self[column]));
            }
        }
        return nodes;
    }
}

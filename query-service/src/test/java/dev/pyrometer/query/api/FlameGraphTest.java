package dev.pyrometer.query.api;

import dev.pyrometer.query.support.FlameTree;
import dev.pyrometer.query.support.FlameTree.Node;
import dev.pyrometer.query.support.PprofTop;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flame graph decodes back into a consistent tree whose numbers are pprof's: self per function is
 * pprof's flat, the outermost nodes of a function add up to its cum, the width is the window total; and
 * {@code maxNodes} keeps the largest nodes, folding the rest into "other" nodes so that totals still add up.
 */
class FlameGraphTest extends RunningQueryService {

    @Test
    void theFullGraphCarriesPprofsNumbers() {
        JsonNode answer = flameGraph("golden-cpu", QueryFixture.CPU, null);
        FlameTree tree = FlameTree.decode(answer.get("flamebearer"), 1);
        PprofTop golden = PprofTop.golden("cpu.cpu");

        assertThat(tree.root.name).isEqualTo("total");
        assertThat(answer.at("/flamebearer/numTicks").asLong()).isEqualTo(golden.total()).isEqualTo(tree.root.total[0])
                .isEqualTo(answer.at("/window/total").asLong());
        assertThat(tree.root.self[0]).as("frameless stacks").isEqualTo(golden.total() - golden.shown());
        assertThat(answer.at("/flamebearer/maxSelf").asLong()).isEqualTo(tree.nodes.stream().mapToLong(node -> node.self[0]).max().orElseThrow());

        Map<String, Long> flat = new HashMap<>();
        Map<String, Long> cum = new HashMap<>();
        for (PprofTop.Row row : golden.rows()) {
            if (row.flat() != 0) {
                flat.put(row.function(), row.flat());
            }
            cum.put(row.function(), row.cum());
        }
        assertThat(tree.selfByName(0)).isEqualTo(flat);
        assertThat(outermostTotals(tree)).isEqualTo(cum);

        List<String> names = new ArrayList<>();
        answer.at("/flamebearer/names").forEach(name -> names.add(name.asString()));
        assertThat(names).doesNotHaveDuplicates().startsWith("total");
        assertThat(new HashSet<>(names.subList(1, names.size()))).isEqualTo(cum.keySet());
    }

    @ParameterizedTest(name = "maxNodes={0}")
    @ValueSource(ints = {1, 5, 17})
    void maxNodesKeepsTheLargestNodesAndFoldsTheRestIntoOther(int maxNodes) {
        FlameTree full = FlameTree.decode(flameGraph("golden-cpu", QueryFixture.CPU, 65_536).get("flamebearer"), 1);
        JsonNode answer = flameGraph("golden-cpu", QueryFixture.CPU, maxNodes);
        FlameTree cut = FlameTree.decode(answer.get("flamebearer"), 1);

        Map<List<String>, Node> fullByPath = new HashMap<>();
        full.nodes.forEach(node -> fullByPath.put(node.path, node));
        assertThat(fullByPath.keySet()).as("no function is named other in the captures").noneMatch(path -> path.contains("other"));

        Set<List<String>> kept = new HashSet<>();
        int others = 0;
        for (Node node : cut.nodes) {
            if (node == cut.root) {
                continue;
            }
            if (node.name.equals("other")) {
                others++;
                long folded = fullByPath.get(node.parent.path).children.stream()
                        .filter(child -> !cut.nodes.stream().anyMatch(c -> c.path.equals(child.path)))
                        .mapToLong(child -> child.total[0]).sum();
                assertThat(node.total[0]).as("other under %s", node.parent.path).isEqualTo(folded).isEqualTo(node.self[0]);
                assertThat(node.children).isEmpty();
            } else {
                Node original = fullByPath.get(node.path);
                assertThat(original).as("kept node %s exists", node.path).isNotNull();
                assertThat(node.total[0]).isEqualTo(original.total[0]);
                assertThat(node.self[0]).isEqualTo(original.self[0]);
                kept.add(node.path);
            }
        }
        assertThat(kept).hasSize(maxNodes);
        assertThat(others).isPositive();
        long smallestKept = kept.stream().mapToLong(path -> fullByPath.get(path).total[0]).min().orElseThrow();
        long largestDropped = full.nodes.stream().filter(node -> node != full.root && !kept.contains(node.path))
                .mapToLong(node -> node.total[0]).max().orElseThrow();
        assertThat(smallestKept).as("the kept nodes are the largest").isGreaterThanOrEqualTo(largestDropped);
        assertThat(cut.root.total[0]).isEqualTo(full.root.total[0]).isEqualTo(answer.at("/flamebearer/numTicks").asLong());
    }

    @Test
    void anAveragedWindowIsAsWideAsItsTopTotal() {
        JsonNode graph = flameGraph("golden-heap", QueryFixture.INUSE_SPACE, null);
        JsonNode top = ok(url("top", "profileType", QueryFixture.INUSE_SPACE, "query", service("golden-heap"), "from", t(GOLDEN_FROM),
                "to", t(GOLDEN_TO)));
        FlameTree tree = FlameTree.decode(graph.get("flamebearer"), 1);

        assertThat(graph.at("/flamebearer/numTicks").asLong()).isEqualTo(top.at("/window/total").asLong()).isPositive();
        Map<String, Long> flat = new HashMap<>();
        top.get("rows").forEach(row -> {
            if (row.get("flat").asLong() != 0) {
                flat.put(row.get("function").asString(), row.get("flat").asLong());
            }
        });
        assertThat(tree.selfByName(0)).isEqualTo(flat);
    }

    @Test
    void anUnknownServiceHasAnEmptyGraph() {
        JsonNode answer = flameGraph("no-such-service", QueryFixture.CPU, null);
        assertThat(answer.at("/flamebearer/numTicks").asLong()).isZero();
        assertThat(answer.at("/flamebearer/names").size()).isEqualTo(1);
        assertThat(answer.at("/window/series").asInt()).isZero();
    }

    private JsonNode flameGraph(String service, String profileType, Integer maxNodes) {
        List<Object> params = new ArrayList<>(List.of("profileType", profileType, "query", service(service), "from", t(GOLDEN_FROM),
                "to", t(GOLDEN_TO)));
        if (maxNodes != null) {
            params.addAll(List.of("maxNodes", maxNodes));
        }
        return ok(url("flamegraph", params.toArray()));
    }

    /** Per function, the totals of its nodes that have no ancestor of the same name: pprof's cum. */
    static Map<String, Long> outermostTotals(FlameTree tree) {
        Map<String, Long> cum = new HashMap<>();
        for (Node node : tree.nodes) {
            if (node == tree.root || node.total[0] == 0) {
                continue;
            }
            boolean outermost = true;
            for (Node up = node.parent; up != null; up = up.parent) {
                if (up != tree.root && up.name.equals(node.name)) {
                    outermost = false;
                    break;
                }
            }
            if (outermost) {
                cum.merge(node.name, node.total[0], Long::sum);
            }
        }
        return cum;
    }
}

package dev.pyrometer.profile.flamegraph;

import dev.pyrometer.profile.merge.ProfileMerger;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.testing.Folded;
import dev.pyrometer.profile.testing.TreeInvariants;
import dev.pyrometer.profile.testing.TreeText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TruncationTest {
    private static final int[] MAX_NODES = {0, 1, 2, 5, 10, 50};

    /**
     * <pre>
     * total 0/100
     *   d 5/5
     *   main 0/95
     *     a 0/60
     *       x 50/50
     *       y 10/10
     *     b 30/30
     *     c 5/5
     * </pre>
     */
    private static final CallTree TREE = FlameGraph.tree(List.of(
            Folded.profile("main;a;x 50", "main;a;y 10", "main;b 30", "main;c 5", "d 5")));

    @Test
    void keepsTheLargestNodesAndFoldsTheRestIntoOneOtherPerParent() {
        CallTree truncated = TREE.truncate(3);

        assertThat(TreeText.of(truncated)).isEqualTo("""
                total 0/100
                  main 0/95
                    a 0/60
                      x 50/50
                      other 10/10
                    other 35/35
                  other 5/5
                """);
        assertThat(truncated.functionNodeCount()).isEqualTo(3);
        assertThat(truncated.kind(4)).isEqualTo(NodeKind.OTHER);
        assertThat(truncated.kind(6)).isEqualTo(NodeKind.OTHER);
        TreeInvariants.check(truncated);
    }

    /** c and d tie at 5: d comes first in preorder, so with room for one of them d stays. */
    @Test
    void breaksTiesByPreorder() {
        assertThat(TreeText.of(TREE.truncate(6))).isEqualTo("""
                total 0/100
                  d 5/5
                  main 0/95
                    a 0/60
                      x 50/50
                      y 10/10
                    b 30/30
                    other 5/5
                """);
    }

    @Test
    void zeroNodesLeaveTheRootAndOneOther() {
        assertThat(TreeText.of(TREE.truncate(0))).isEqualTo("""
                total 0/100
                  other 100/100
                """);
    }

    @Test
    void aTreeWithinTheLimitIsReturnedAsItIs() {
        assertThat(TREE.truncate(7)).isSameAs(TREE);
        assertThat(TREE.truncate(FlameGraph.DEFAULT_MAX_NODES)).isSameAs(TREE);
        assertThatThrownBy(() -> TREE.truncate(-1)).hasMessage("maxNodes must be >= 0, not -1");
    }

    /** The six captures of each kind merged, one profile per sample type: 16 real profiles, with a name. */
    static List<Arguments> mergedCaptures() {
        List<Arguments> merged = new ArrayList<>();
        for (String kind : Fixtures.KINDS) {
            Map<String, List<SeriesProfile>> byType = new HashMap<>();
            Fixtures.captures(kind).forEach(capture -> Fixtures.series(capture)
                    .forEach(series -> byType.computeIfAbsent(series.type().id(), k -> new ArrayList<>()).add(series)));
            byType.forEach((type, series) -> merged.add(Arguments.of(kind + " " + type, ProfileMerger.merge(series))));
        }
        return merged;
    }

    /**
     * For every real profile and maxNodes in {0, 1, 2, 5, 10, 50}: at most maxNodes function nodes (exactly
     * that many when the tree has more), every parent's total is its self plus its children's totals, every
     * kept node keeps its self and total, and no folded node outranks a kept one (so the kept nodes are the
     * largest). "other" nodes come on top: at most one per kept node.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mergedCaptures")
    void truncationKeepsTheLargestNodesAndEveryTotalAddsUp(String name, SeriesProfile profile) {
        CallTree full = FlameGraph.tree(List.of(profile));
        Map<List<String>, Integer> fullByPath = byPath(full);

        for (int maxNodes : MAX_NODES) {
            CallTree truncated = full.truncate(maxNodes);

            TreeInvariants.check(truncated);
            assertThat(truncated.functionNodeCount()).isEqualTo(Math.min(maxNodes, full.functionNodeCount()));
            long others = truncated.size() - 1 - truncated.functionNodeCount();
            assertThat(others).isLessThanOrEqualTo(truncated.functionNodeCount() + 1);
            assertThat(truncated.total(0, 0)).isEqualTo(full.total(0, 0));

            long smallestKept = Long.MAX_VALUE;
            List<List<String>> keptPaths = new ArrayList<>();
            Map<List<String>, Integer> truncatedByPath = byPath(truncated);
            for (Map.Entry<List<String>, Integer> kept : truncatedByPath.entrySet()) {
                int node = kept.getValue();
                if (truncated.kind(node) == NodeKind.FUNCTION) {
                    int original = fullByPath.get(kept.getKey());
                    assertThat(truncated.total(node, 0)).isEqualTo(full.total(original, 0));
                    assertThat(truncated.self(node, 0)).isEqualTo(full.self(original, 0));
                    smallestKept = Math.min(smallestKept, truncated.total(node, 0));
                    keptPaths.add(kept.getKey());
                }
            }
            for (Map.Entry<List<String>, Integer> node : fullByPath.entrySet()) {
                if (full.kind(node.getValue()) == NodeKind.FUNCTION && !keptPaths.contains(node.getKey())) {
                    assertThat(full.total(node.getValue(), 0)).as("folded %s", node.getKey()).isLessThanOrEqualTo(smallestKept);
                }
            }
        }
    }

    /** Each node by its path of names from the root; "other" nodes get a path ending in their kind. */
    private static Map<List<String>, Integer> byPath(CallTree tree) {
        Map<List<String>, Integer> byPath = new HashMap<>();
        List<List<String>> paths = new ArrayList<>();
        for (int node = 0; node < tree.size(); node++) {
            List<String> path = new ArrayList<>(node == 0 ? List.of() : paths.get(tree.parent(node)));
            path.add(tree.kind(node) == NodeKind.OTHER ? "<other>" : tree.name(node));
            paths.add(path);
            byPath.put(List.copyOf(path), node);
        }
        return byPath;
    }
}

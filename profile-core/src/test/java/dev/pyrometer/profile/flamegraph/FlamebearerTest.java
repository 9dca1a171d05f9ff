package dev.pyrometer.profile.flamegraph;

import dev.pyrometer.profile.merge.ProfileMerger;
import dev.pyrometer.profile.merge.ProfileMergerTest;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Folded;
import dev.pyrometer.profile.testing.GoldenText;
import dev.pyrometer.profile.testing.TreeText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlamebearerTest {

    /**
     * Root at x 0 (total 10, self 1); main starts after the root's self, at 1; a at 1, c after a at 8; b
     * after a's self, at 4. Offsets are x minus the end of the previous bar on the level: c is 8 - (1 + 7) = 0.
     */
    @Test
    void laysOutTheTreeAsPyroscopesSingleFormat() {
        Flamebearer flamebearer = Flamebearer.of(FlameGraph.tree(List.of(
                Folded.profile("main;a;b 4", "main;a 3", "main;c 2", " 1"))));

        assertThat(flamebearer.names()).containsExactly("total", "main", "a", "b", "c");
        assertThat(flamebearer.levels()).containsExactly(
                new long[] {0, 10, 1, 0},
                new long[] {1, 9, 0, 1},
                new long[] {1, 7, 3, 2, 0, 2, 2, 4},
                new long[] {4, 4, 4, 3});
        assertThat(flamebearer.numTicks()).isEqualTo(10);
        assertThat(flamebearer.maxSelf()).isEqualTo(4);
    }

    /** Gaps between bars of one level (a parent's self, or bars under different parents) show in the offsets. */
    @Test
    void deltaEncodesOffsetsAcrossParents() {
        Flamebearer flamebearer = Flamebearer.of(FlameGraph.tree(List.of(
                Folded.profile("a;x 2", "a 3", "b;y 1", "b;z 4", "b 5"))));

        // level 2: x at 0 + 3 (a's self) = 3; y at 5 + 5 (b's self) = 10, offset 10 - (3 + 2) = 5; z right after y.
        assertThat(flamebearer.levels().get(2)).containsExactly(3, 2, 2, 2, 5, 1, 1, 4, 0, 4, 4, 5);
        assertThat(flamebearer.names()).containsExactly("total", "a", "x", "b", "y", "z");
    }

    @Test
    void namesRepeatOnceInTheTableAndOtherNodesAreNamedOther() {
        Flamebearer flamebearer = FlameGraph.flamebearer(List.of(
                Folded.profile("main;f;f 5", "g;f 4", "g;h 1", "g;i 1")), 4);

        // Kept: g (6), main (5), main;f (5), main;f;f (5); g's children (4, 1, 1) fold.
        assertThat(flamebearer.names()).containsExactly("total", "g", "other", "main", "f");
        assertThat(TreeText.ofFlamebearer(flamebearer.names(), flamebearer.levels(), 1)).isEqualTo("""
                total 0/11
                  g 0/6
                    other 6/6
                  main 0/5
                    f 0/5
                      f 5/5
                """);
    }

    @Test
    void refusesATwoColumnTree() {
        CallTree diff = new CallTreeBuilder(2).build();

        assertThatThrownBy(() -> Flamebearer.of(diff)).hasMessage("a single flamebearer needs a one-column tree, not 2 columns");
    }

    /** The levels decode back to exactly the tree they came from, geometry checked on the way. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.pyrometer.profile.flamegraph.TruncationTest#mergedCaptures")
    void levelsDecodeBackToTheTree(String name, SeriesProfile profile) {
        CallTree full = FlameGraph.tree(List.of(profile));
        for (int maxNodes : new int[] {1, 10, 100, FlameGraph.DEFAULT_MAX_NODES}) {
            CallTree tree = full.truncate(maxNodes);
            Flamebearer flamebearer = Flamebearer.of(tree);

            assertThat(TreeText.ofFlamebearer(flamebearer.names(), flamebearer.levels(), 1)).isEqualTo(TreeText.of(tree));
            assertThat(flamebearer.numTicks()).isEqualTo(profile.total());
            assertThat(flamebearer.levels()).hasSize(maxDepth(tree) + 1);
        }
    }

    /** Our own output, pinned: the six cpu captures merged, cut to 20 nodes. Rewrite with -Dpyrometer.golden.update=true. */
    @Test
    void matchesTheGoldenFlamebearerOfTheMergedCpuCaptures() {
        Flamebearer flamebearer = FlameGraph.flamebearer(List.of(ProfileMerger.merge(ProfileMergerTest.series("cpu", "cpu"))), 20);

        GoldenText.assertMatches("flamegraph/cpu.cpu.max20.txt",
                GoldenText.flamebearer(flamebearer.names(), flamebearer.levels(), List.of(
                        "numTicks " + flamebearer.numTicks(), "maxSelf " + flamebearer.maxSelf())));
    }

    private static int maxDepth(CallTree tree) {
        int depth = 0;
        for (int node = 0; node < tree.size(); node++) {
            depth = Math.max(depth, tree.depth(node));
        }
        return depth;
    }
}

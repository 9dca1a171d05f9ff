package dev.pyrometer.profile.diff;

import dev.pyrometer.profile.flamegraph.CallTree;
import dev.pyrometer.profile.flamegraph.FlameGraph;
import dev.pyrometer.profile.flamegraph.NodeKind;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.testing.Folded;
import dev.pyrometer.profile.testing.GoldenText;
import dev.pyrometer.profile.testing.TreeInvariants;
import dev.pyrometer.profile.testing.TreeText;
import dev.pyrometer.profile.top.GoldenTop;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.pyrometer.profile.diff.DiffFlameGraph.LEFT;
import static dev.pyrometer.profile.diff.DiffFlameGraph.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiffFlameGraphTest {
    private static final SeriesProfile LEFT_PROFILE = Folded.profile("main;a 3", "main;b 2");
    private static final SeriesProfile RIGHT_PROFILE = Folded.profile("main;a 1", "main;c 4");

    @Test
    void mergesBothSidesIntoOneTreeAndMarksOneSidedNodes() {
        CallTree tree = DiffFlameGraph.tree(List.of(LEFT_PROFILE), List.of(RIGHT_PROFILE));

        assertThat(TreeText.of(tree)).isEqualTo("""
                total 0/5 | 0/5
                  main 0/5 | 0/5
                    a 3/3 | 1/1
                    b 2/2 | 0/0
                    c 0/0 | 4/4
                """);
        assertThat(List.of(DiffFlameGraph.presence(tree, 2), DiffFlameGraph.presence(tree, 3), DiffFlameGraph.presence(tree, 4)))
                .containsExactly(Presence.BOTH, Presence.LEFT_ONLY, Presence.RIGHT_ONLY);
        TreeInvariants.check(tree);
    }

    /**
     * Each side has its own x axis: c starts on the left where b ends (5, offset 0, width 0), and on the
     * right right after a (1, offset 0).
     */
    @Test
    void laysOutBothSidesInPyroscopesDoubleFormat() {
        DiffFlamebearer flamebearer = DiffFlameGraph.flamebearer(List.of(LEFT_PROFILE), List.of(RIGHT_PROFILE), 10);

        assertThat(flamebearer.names()).containsExactly("total", "main", "a", "b", "c");
        assertThat(flamebearer.levels()).containsExactly(
                new long[] {0, 5, 0, 0, 5, 0, 0},
                new long[] {0, 5, 0, 0, 5, 0, 1},
                new long[] {0, 3, 3, 0, 1, 1, 2, 0, 2, 2, 0, 0, 0, 3, 0, 0, 0, 0, 4, 4, 4});
        assertThat(flamebearer.leftTicks()).isEqualTo(5);
        assertThat(flamebearer.rightTicks()).isEqualTo(5);
        assertThat(flamebearer.numTicks()).isEqualTo(10);
        assertThat(flamebearer.maxSelf()).isEqualTo(4);
    }

    @Test
    void aProfileMissingOnOneSideMakesEveryNodeOneSided() {
        CallTree onlyLeft = DiffFlameGraph.tree(List.of(LEFT_PROFILE), List.of());
        CallTree onlyRight = DiffFlameGraph.tree(List.of(), List.of(RIGHT_PROFILE));

        assertThat(TreeText.of(onlyLeft)).isEqualTo("""
                total 0/5 | 0/0
                  main 0/5 | 0/0
                    a 3/3 | 0/0
                    b 2/2 | 0/0
                """);
        assertThat(TreeText.of(onlyRight)).isEqualTo("""
                total 0/0 | 0/5
                  main 0/0 | 0/5
                    a 0/0 | 1/1
                    c 0/0 | 4/4
                """);
        for (int node = 1; node < onlyRight.size(); node++) {
            assertThat(DiffFlameGraph.presence(onlyRight, node)).isEqualTo(Presence.RIGHT_ONLY);
        }
    }

    /** Ranked by max(left, right): b (big on the left only) and c (big on the right only) both stay; d and e fold on both sides. */
    @Test
    void truncatesTheUnionByTheLargerSideAndFoldsTheSameNodesOnBothSides() {
        SeriesProfile left = Folded.profile("main;b 40", "main;d 6", "main;e 1", "main;c 2");
        SeriesProfile right = Folded.profile("main;c 50", "main;d 1", "main;e 7", "main;b 3");

        CallTree tree = DiffFlameGraph.tree(List.of(left), List.of(right)).truncate(3);

        assertThat(TreeText.of(tree)).isEqualTo("""
                total 0/49 | 0/61
                  main 0/49 | 0/61
                    b 40/40 | 3/3
                    c 2/2 | 50/50
                    other 7/7 | 8/8
                """);
        assertThat(tree.kind(4)).isEqualTo(NodeKind.OTHER);
        TreeInvariants.check(tree);
    }

    @Test
    void refusesToDiffProfilesOfDifferentTypes() {
        SeriesProfile heap = Folded.profile(ProfileType.parse("memory:inuse_space:bytes:space:bytes"), "main 1");

        assertThatThrownBy(() -> DiffFlameGraph.tree(List.of(LEFT_PROFILE), List.of(heap)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("process_cpu:cpu:nanoseconds:cpu:nanoseconds and memory:inuse_space:bytes:space:bytes");
    }

    /**
     * cpu-2 against cpu-3: each side of the diff tree is that side's own flame graph (the right-only nodes
     * removed from the left column give the left tree, and vice versa), the totals are pprof's, truncation
     * keeps both sides consistent, and the levels decode back to the tree.
     */
    @Test
    void diffsTwoRealCpuCaptures() {
        List<SeriesProfile> left = cpu("cpu-2.pb.gz");
        List<SeriesProfile> right = cpu("cpu-3.pb.gz");

        CallTree tree = DiffFlameGraph.tree(left, right);

        assertThat(tree.total(0, LEFT)).isEqualTo(GoldenTop.load("/golden/top/cpu-2.cpu.txt").total());
        assertThat(tree.total(0, RIGHT)).isEqualTo(GoldenTop.load("/golden/top/cpu-3.cpu.txt").total());
        assertThat(side(tree, LEFT)).isEqualTo(TreeText.of(FlameGraph.tree(left)));
        assertThat(side(tree, RIGHT)).isEqualTo(TreeText.of(FlameGraph.tree(right)));
        TreeInvariants.check(tree);
        long oneSided = 0;
        for (int node = 1; node < tree.size(); node++) {
            oneSided += DiffFlameGraph.presence(tree, node) == Presence.BOTH ? 0 : 1;
        }
        assertThat(oneSided).isPositive();

        for (int maxNodes : new int[] {0, 1, 5, 10, 50, 1000}) {
            CallTree truncated = tree.truncate(maxNodes);
            DiffFlamebearer flamebearer = DiffFlamebearer.of(truncated);
            TreeInvariants.check(truncated);
            assertThat(truncated.functionNodeCount()).isEqualTo(Math.min(maxNodes, tree.functionNodeCount()));
            assertThat(TreeText.ofFlamebearer(flamebearer.names(), flamebearer.levels(), 2)).isEqualTo(TreeText.of(truncated));
            assertThat(flamebearer.leftTicks()).isEqualTo(tree.total(0, LEFT));
            assertThat(flamebearer.rightTicks()).isEqualTo(tree.total(0, RIGHT));
        }

        DiffFlamebearer pinned = DiffFlameGraph.flamebearer(left, right, 20);
        GoldenText.assertMatches("flamegraph/diff.cpu-2_cpu-3.max20.txt", GoldenText.flamebearer(pinned.names(), pinned.levels(), List.of(
                "numTicks " + pinned.numTicks(), "maxSelf " + pinned.maxSelf(),
                "leftTicks " + pinned.leftTicks(), "rightTicks " + pinned.rightTicks())));
    }

    static List<SeriesProfile> cpu(String capture) {
        return Fixtures.series(capture).stream().filter(profile -> profile.type().sampleType().equals("cpu")).toList();
    }

    /** One column of a diff tree as one-column tree text, leaving out nodes whose total on that side is 0. */
    private static String side(CallTree tree, int column) {
        StringBuilder text = new StringBuilder();
        for (int node = 0; node < tree.size(); node++) {
            if (node > 0 && tree.total(node, column) == 0) {
                node = tree.end(node) - 1; // values are not negative: the whole subtree is 0 on this side
                continue;
            }
            text.append("  ".repeat(tree.depth(node))).append(tree.name(node)).append(' ')
                    .append(tree.self(node, column)).append('/').append(tree.total(node, column)).append('\n');
        }
        return text.toString();
    }
}

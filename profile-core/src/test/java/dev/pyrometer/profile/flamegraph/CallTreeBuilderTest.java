package dev.pyrometer.profile.flamegraph;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.testing.Folded;
import dev.pyrometer.profile.testing.TreeInvariants;
import dev.pyrometer.profile.testing.TreeText;
import dev.pyrometer.profile.top.FunctionTotals;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallTreeBuilderTest {

    @Test
    void buildsSelfAndTotalPerNodeWithFramelessStacksInTheRootSelf() {
        CallTree tree = FlameGraph.tree(List.of(Folded.profile("main;a;b 4", "main;a 3", "main;c 2", " 1")));

        assertThat(TreeText.of(tree)).isEqualTo("""
                total 1/10
                  main 0/9
                    a 3/7
                      b 4/4
                    c 2/2
                """);
        assertThat(tree.kind(0)).isEqualTo(NodeKind.ROOT);
        assertThat(tree.kind(1)).isEqualTo(NodeKind.FUNCTION);
        assertThat(tree.children(1)).containsExactly(2, 4);
        assertThat(tree.parent(3)).isEqualTo(2);
        assertThat(tree.functionNodeCount()).isEqualTo(4);
        TreeInvariants.check(tree);
    }

    @Test
    void ordersChildrenByNameWhateverTheInputOrder() {
        CallTree tree = FlameGraph.tree(List.of(Folded.profile("z 1", "main;zz 1", "a 1", "main;Z 1", "m 1", "main;_ 1")));

        assertThat(TreeText.of(tree)).isEqualTo("""
                total 0/6
                  a 1/1
                  m 1/1
                  main 0/3
                    Z 1/1
                    _ 1/1
                    zz 1/1
                  z 1/1
                """);
    }

    /** Lines and files do not split a node: a flame graph aggregates by function name only. */
    @Test
    void aggregatesFramesByFunctionNameAcrossLinesFilesAndFrameTables() {
        FrameTable first = new FrameTable();
        int leafLine7 = first.intern(new Frame("pkg.leaf", "a.go", 7));
        int main1 = first.intern(new Frame("main.main", "main.go", 3));
        FrameTable second = new FrameTable();
        int leafLine9 = second.intern(new Frame("pkg.leaf", "b.go", 9));
        int main2 = second.intern(new Frame("main.main", "main.go", 4));

        CallTree tree = FlameGraph.tree(List.of(
                profile(first, new int[][] {{leafLine7, main1}}, new long[] {5}),
                profile(second, new int[][] {{leafLine9, main2}, {main2}}, new long[] {2, 1})));

        assertThat(TreeText.of(tree)).isEqualTo("""
                total 0/8
                  main.main 1/8
                    pkg.leaf 7/7
                """);
    }

    @Test
    void recursionNestsNodesOfTheSameName() {
        CallTree tree = FlameGraph.tree(List.of(Folded.profile("main;f;f;f 2", "main;f 1")));

        assertThat(TreeText.of(tree)).isEqualTo("""
                total 0/3
                  main 0/3
                    f 1/3
                      f 0/2
                        f 2/2
                """);
    }

    @Test
    void skipsZeroValuesAndKeepsNamesAsTheyAre() {
        String hostile = "<script>alert(1)</script>;\n\"x\\";
        FrameTable frames = new FrameTable();
        int odd = frames.intern(new Frame(hostile, "", 0));
        int unused = frames.intern(new Frame("never.shown", "", 0));
        CallTree tree = FlameGraph.tree(List.of(profile(frames, new int[][] {{odd}, {unused}}, new long[] {3, 0})));

        assertThat(tree.size()).isEqualTo(2);
        assertThat(tree.name(1)).isSameAs(hostile);
        assertThat(Flamebearer.of(tree).names()).containsExactly("total", hostile);
    }

    @Test
    void refusesProfilesOfDifferentTypes() {
        ProfileType inuse = ProfileType.parse("memory:inuse_space:bytes:space:bytes");
        CallTreeBuilder builder = new CallTreeBuilder(1).add(0, Folded.profile("main 1"));

        assertThatThrownBy(() -> builder.add(0, Folded.profile(inuse, "main 1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot build one call tree from profiles of different types: "
                        + "process_cpu:cpu:nanoseconds:cpu:nanoseconds and memory:inuse_space:bytes:space:bytes");
        assertThatThrownBy(() -> builder.add(1, Folded.profile("main 1"))).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new CallTreeBuilder(0)).hasMessage("a call tree has at least one column, not 0");
    }

    @Test
    void anEmptyTreeIsTheRootAlone() {
        CallTree tree = new CallTreeBuilder(1).build();

        assertThat(TreeText.of(tree)).isEqualTo("total 0/0\n");
        assertThat(tree.truncate(0)).isSameAs(tree);
    }

    /** On real captures: the root's total is the profile total, and each function's self sums to its pprof flat. */
    @Test
    void rootTotalsAndSelfPerFunctionMatchTheTopTableOnEveryCapture() {
        for (String capture : Fixtures.allCaptures()) {
            for (SeriesProfile profile : Fixtures.series(capture)) {
                CallTree tree = FlameGraph.tree(List.of(profile));
                TreeInvariants.check(tree);
                FunctionTotals top = FunctionTotals.of(List.of(profile));
                assertThat(tree.total(0, 0)).as(capture).isEqualTo(top.total());
                for (FunctionTotals.Row row : top.rows()) {
                    long self = 0;
                    for (int node = 1; node < tree.size(); node++) {
                        if (tree.name(node).equals(row.function())) {
                            self += tree.self(node, 0);
                        }
                    }
                    assertThat(self).as("%s %s %s", capture, profile.type(), row.function()).isEqualTo(row.flat());
                }
            }
        }
    }

    private static SeriesProfile profile(FrameTable frames, int[][] stacks, long[] values) {
        return new SeriesProfile(Folded.CPU, LabelSet.EMPTY, 0, 0, 1, frames, stacks, values);
    }
}

package dev.pyrometer.profile.merge;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.testing.Folded;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.profile.top.GoldenTop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class WindowAggregatorTest {
    private static final ProfileType CPU = Folded.CPU;
    private static final ProfileType INUSE = ProfileType.parse("memory:inuse_space:bytes:space:bytes");

    @Test
    void sumTypesAddUpAndIgnoreSnapshotCounts() {
        SeriesWindow podA = new SeriesWindow(Folded.profile("main;a 10", "main;b 1"), 6);
        SeriesWindow podB = new SeriesWindow(Folded.profile("main;a 5"), 2);

        SeriesProfile window = WindowAggregator.aggregate(CPU, List.of(podA, podB));

        assertThat(window.valuesByStack()).containsExactly(entry(stack("a", "main"), 15L), entry(stack("b", "main"), 1L));
    }

    /**
     * Pod A: 6 snapshots summing to 10 on stack a (mean 1.667) and 3 on b (0.5); pod B: 2 snapshots, 5 on a
     * (2.5) and 1 on c (0.5), 1 frameless (0.5). a = round(1.667 + 2.5) = round(4.167) = 4; b = round(0.5) = 1;
     * c = 1; frameless 1.
     */
    @Test
    void averageTypesAddEachSeriesMeanOverItsOwnSnapshotsAndRoundOncePerStack() {
        SeriesWindow podA = new SeriesWindow(Folded.profile(INUSE, "main;a 10", "main;b 3"), 6);
        SeriesWindow podB = new SeriesWindow(Folded.profile(INUSE, "main;a 5", "main;c 1", " 1"), 2);

        SeriesProfile window = WindowAggregator.aggregate(INUSE, List.of(podA, podB));

        assertThat(window.valuesByStack()).containsOnly(
                entry(stack("a", "main"), 4L), entry(stack("b", "main"), 1L), entry(stack("c", "main"), 1L), entry(List.of(), 1L));
    }

    @Test
    void averageStacksThatRoundToZeroAreLeftOut() {
        SeriesWindow pod = new SeriesWindow(Folded.profile(INUSE, "main;a 2", "main;b 3"), 6);

        assertThat(WindowAggregator.aggregate(INUSE, List.of(pod)).valuesByStack())
                .containsExactly(entry(stack("b", "main"), 1L));
    }

    @Test
    void seriesWithEqualSnapshotCountsShareADenominator() {
        // 1/3 + 1/3 = 0.667 → 1, though each alone would round to 0.
        SeriesWindow podA = new SeriesWindow(Folded.profile(INUSE, "main 1"), 3);
        SeriesWindow podB = new SeriesWindow(Folded.profile(INUSE, "main 1"), 3);

        assertThat(WindowAggregator.aggregate(INUSE, List.of(podA, podB)).valuesByStack())
                .containsExactly(entry(stack("main"), 1L));
    }

    /**
     * The six heap captures as one series (six snapshots): the sum per stack is pprof's merge of the six
     * files (checked against golden/merged/), and the window value per stack is that sum / 6 rounded half up,
     * which the test computes on its own. Rounding is per stack, not per function: for a stack with sum S,
     * {@code 6 round(S / 6) - S} is in [-2, 3], so 6 × flat (cum) of the window differs from pprof's merged
     * flat (cum) by at least -2 and at most 3 per stack that contributes to it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"heap, inuse_space", "heap, inuse_objects", "goroutine, goroutine"})
    void averagesTheSixInstantCapturesPerStack(String kind, String sampleType) {
        List<SeriesProfile> snapshots = ProfileMergerTest.series(kind, sampleType);
        SeriesWindow series = SeriesWindow.of(snapshots);
        ProfileType type = snapshots.get(0).type();
        GoldenTop golden = GoldenTop.load("/golden/merged/" + kind + "." + sampleType + ".txt");
        assertThat(series.snapshots()).isEqualTo(6);
        assertThat(FunctionTotals.of(List.of(series.summed())).rows()).containsExactlyElementsOf(golden.rows());

        SeriesProfile window = WindowAggregator.aggregate(type, List.of(series));

        Map<List<Frame>, Long> expected = new HashMap<>();
        series.summed().valuesByStack().forEach((stack, sum) -> {
            long mean = Math.floorDiv(2 * sum + 6, 12); // floor(sum / 6 + 1/2)
            if (mean != 0) {
                expected.put(stack, mean);
            }
        });
        assertThat(window.valuesByStack()).isEqualTo(expected);

        Map<String, Long> stacksPerLeaf = new HashMap<>();
        Map<String, Long> stacksPerFunction = new HashMap<>();
        series.summed().valuesByStack().keySet().forEach(stack -> {
            if (!stack.isEmpty()) {
                stacksPerLeaf.merge(stack.get(0).function(), 1L, Long::sum);
                stack.stream().map(Frame::function).distinct().forEach(f -> stacksPerFunction.merge(f, 1L, Long::sum));
            }
        });
        Map<String, FunctionTotals.Row> averaged = new HashMap<>();
        FunctionTotals.of(List.of(window)).rows().forEach(row -> averaged.put(row.function(), row));
        for (FunctionTotals.Row sum : golden.rows()) {
            FunctionTotals.Row mean = averaged.getOrDefault(sum.function(), new FunctionTotals.Row(sum.function(), 0, 0));
            long leafStacks = stacksPerLeaf.getOrDefault(sum.function(), 0L);
            long stacks = stacksPerFunction.get(sum.function());
            assertThat(6 * mean.flat() - sum.flat()).as("flat of %s", sum.function()).isBetween(-2 * leafStacks, 3 * leafStacks);
            assertThat(6 * mean.cum() - sum.cum()).as("cum of %s", sum.function()).isBetween(-2 * stacks, 3 * stacks);
        }
    }

    /**
     * Storage may answer a series' window from rollups plus raw rows; as long as it hands over one window per
     * series with the summed values and snapshot counts, neither the split nor the order of series matters.
     */
    @Test
    void theAverageDoesNotDependOnHowSumsWereSplitOrOnSeriesOrder() {
        List<SeriesProfile> heap = ProfileMergerTest.series("heap", "inuse_space");
        ProfileType type = heap.get(0).type();
        SeriesWindow podA = SeriesWindow.of(heap);
        SeriesWindow podB = SeriesWindow.of(relabel(heap.subList(0, 4), "b"));
        SeriesWindow podC = SeriesWindow.of(relabel(heap.subList(3, 5), "c"));
        SeriesWindow podAFromRollups = new SeriesWindow(ProfileMerger.merge(List.of(
                ProfileMerger.merge(heap.subList(0, 3)), ProfileMerger.merge(heap.subList(3, 5)), heap.get(5))), 6);

        SeriesProfile reference = WindowAggregator.aggregate(type, List.of(podA, podB, podC));
        List<SeriesWindow> shuffled = new ArrayList<>(List.of(podAFromRollups, podB, podC));
        Collections.shuffle(shuffled, new Random(7));

        assertThat(WindowAggregator.aggregate(type, shuffled).valuesByStack()).isEqualTo(reference.valuesByStack());
        Map<List<Frame>, Long> expected = new HashMap<>();
        Map<List<Frame>, Long> a = podA.summed().valuesByStack();
        Map<List<Frame>, Long> b = podB.summed().valuesByStack();
        Map<List<Frame>, Long> c = podC.summed().valuesByStack();
        a.keySet().forEach(stack -> {
            // a/6 + b/4 + c/2 = (2a + 3b + 6c) / 12, rounded half up
            long twelfths = 2 * a.getOrDefault(stack, 0L) + 3 * b.getOrDefault(stack, 0L) + 6 * c.getOrDefault(stack, 0L);
            long mean = Math.floorDiv(twelfths + 6, 12);
            if (mean != 0) {
                expected.put(stack, mean);
            }
        });
        assertThat(b.keySet()).isSubsetOf(a.keySet());
        assertThat(c.keySet()).isSubsetOf(a.keySet());
        assertThat(reference.valuesByStack()).isEqualTo(expected);
        assertThat(reference.labels()).isEqualTo(LabelSet.of(Map.of(LabelSet.SERVICE_NAME, Fixtures.SERVICE)));
    }

    @Test
    void noWindowsGiveAnEmptyProfileOfTheType() {
        assertThat(WindowAggregator.aggregate(INUSE, List.of()).stackCount()).isZero();
        assertThat(WindowAggregator.aggregate(INUSE, List.of()).type()).isEqualTo(INUSE);
    }

    @Test
    void refusesWindowsOfAnotherTypeAndEmptyWindows() {
        SeriesWindow cpu = new SeriesWindow(Folded.profile("main 1"), 1);

        assertThatThrownBy(() -> WindowAggregator.aggregate(INUSE, List.of(cpu)))
                .hasMessage("cannot merge profiles of different types: memory:inuse_space:bytes:space:bytes"
                        + " and process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        assertThatThrownBy(() -> new SeriesWindow(Folded.profile("main 1"), 0))
                .hasMessage("a series window covers at least one snapshot, not 0");
    }

    private static List<Frame> stack(String... leafFirst) {
        return java.util.Arrays.stream(leafFirst).map(name -> new Frame(name, "", 0)).toList();
    }

    private static List<SeriesProfile> relabel(List<SeriesProfile> profiles, String pod) {
        return profiles.stream().map(p -> new SeriesProfile(p.type(), p.labels().merge(LabelSet.of(Map.of("pod", pod))),
                p.timeNanos(), p.durationNanos(), p.period(), p.frames(), p.stacks(), p.values())).toList();
    }
}

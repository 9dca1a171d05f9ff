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

        WindowProfile window = WindowAggregator.aggregate(CPU, List.of(podA, podB));

        assertThat(window.scale()).isEqualTo(1);
        assertThat(window.profile().valuesByStack()).containsExactly(entry(stack("a", "main"), 15L), entry(stack("b", "main"), 1L));
    }

    /**
     * Pod A: 6 snapshots summing to 10 on stack a (mean 10/6) and 3 on b (3/6); pod B: 2 snapshots, 5 on a
     * (5/2) and 1 on c (1/2), 1 frameless (1/2). Over the scale lcm(6, 2) = 6: a = 10 + 5·3 = 25 (25/6),
     * b = 3, c = 3, frameless 3; nothing is rounded.
     */
    @Test
    void averageTypesAddEachSeriesMeanOverItsOwnSnapshotsExactly() {
        SeriesWindow podA = new SeriesWindow(Folded.profile(INUSE, "main;a 10", "main;b 3"), 6);
        SeriesWindow podB = new SeriesWindow(Folded.profile(INUSE, "main;a 5", "main;c 1", " 1"), 2);

        WindowProfile window = WindowAggregator.aggregate(INUSE, List.of(podA, podB));

        assertThat(window.scale()).isEqualTo(6);
        assertThat(window.profile().valuesByStack()).containsOnly(
                entry(stack("a", "main"), 25L), entry(stack("b", "main"), 3L), entry(stack("c", "main"), 3L), entry(List.of(), 3L));
        assertThat(window.profile().total()).isEqualTo(34); // 13/6 + 7/2 = 34/6
    }

    @Test
    void averageStacksBelowOneHalfAreKept() {
        SeriesWindow pod = new SeriesWindow(Folded.profile(INUSE, "main;a 2", "main;b 3"), 6);

        WindowProfile window = WindowAggregator.aggregate(INUSE, List.of(pod));

        assertThat(window.scale()).isEqualTo(6);
        assertThat(window.profile().valuesByStack()).containsExactly(entry(stack("a", "main"), 2L), entry(stack("b", "main"), 3L));
    }

    @Test
    void seriesWithEqualSnapshotCountsShareADenominator() {
        SeriesWindow podA = new SeriesWindow(Folded.profile(INUSE, "main 1"), 3);
        SeriesWindow podB = new SeriesWindow(Folded.profile(INUSE, "main 1"), 3);

        WindowProfile window = WindowAggregator.aggregate(INUSE, List.of(podA, podB));

        assertThat(window.scale()).isEqualTo(3);
        assertThat(window.profile().valuesByStack()).containsExactly(entry(stack("main"), 2L));
    }

    /**
     * Snapshot counts whose least common multiple exceeds 10⁶ fall back to the scale 10⁶, rounding each stack
     * half up there and keeping a non-zero mean at 1 unit or more: 1/999983 + 1/999979 = 2.00004 × 10⁻⁶ → 2;
     * 1/3000000 = 0.33 × 10⁻⁶ → kept at 1; 7/3000000 = 2.33 × 10⁻⁶ → 2.
     */
    @Test
    void countsWithoutASmallCommonMultipleUseTheBoundedScaleAndKeepEveryStack() {
        SeriesWindow podA = new SeriesWindow(Folded.profile(INUSE, "main;a 1"), 999_983);
        SeriesWindow podB = new SeriesWindow(Folded.profile(INUSE, "main;a 1"), 999_979);
        SeriesWindow podC = new SeriesWindow(Folded.profile(INUSE, "main;b 1", "main;c 7"), 3_000_000);

        WindowProfile window = WindowAggregator.aggregate(INUSE, List.of(podA, podB, podC));

        assertThat(window.scale()).isEqualTo(FixedPoint.MAX_SCALE);
        assertThat(window.profile().valuesByStack()).containsOnly(
                entry(stack("a", "main"), 2L), entry(stack("b", "main"), 1L), entry(stack("c", "main"), 2L));
    }

    /**
     * The six heap and goroutine captures as one series (six snapshots): the window holds every stack's sum
     * over the scale 6, that is its mean exactly, so every function's flat and cum divided by the scale is
     * pprof's merge of the six files (golden/merged/) divided by 6, and no function is missing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"heap, inuse_space", "heap, inuse_objects", "goroutine, goroutine"})
    void averagesTheSixInstantCapturesExactly(String kind, String sampleType) {
        List<SeriesProfile> snapshots = ProfileMergerTest.series(kind, sampleType);
        SeriesWindow series = SeriesWindow.of(snapshots);
        ProfileType type = snapshots.get(0).type();
        GoldenTop golden = GoldenTop.load("/golden/merged/" + kind + "." + sampleType + ".txt");
        assertThat(series.snapshots()).isEqualTo(6);

        WindowProfile window = WindowAggregator.aggregate(type, List.of(series));

        assertThat(window.scale()).isEqualTo(6);
        assertThat(window.profile().valuesByStack()).isEqualTo(series.summed().valuesByStack());
        assertThat(FunctionTotals.of(List.of(window.profile())).rows()).containsExactlyElementsOf(golden.rows());
        assertThat(window.profile().total()).isEqualTo(golden.total());
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

        WindowProfile reference = WindowAggregator.aggregate(type, List.of(podA, podB, podC));
        List<SeriesWindow> shuffled = new ArrayList<>(List.of(podAFromRollups, podB, podC));
        Collections.shuffle(shuffled, new Random(7));

        WindowProfile split = WindowAggregator.aggregate(type, shuffled);
        assertThat(split.scale()).isEqualTo(12);
        assertThat(split.profile().valuesByStack()).isEqualTo(reference.profile().valuesByStack());
        Map<List<Frame>, Long> expected = new HashMap<>();
        Map<List<Frame>, Long> a = podA.summed().valuesByStack();
        Map<List<Frame>, Long> b = podB.summed().valuesByStack();
        Map<List<Frame>, Long> c = podC.summed().valuesByStack();
        // a/6 + b/4 + c/2 = (2a + 3b + 6c) / 12
        a.keySet().forEach(stack -> expected.put(stack,
                2 * a.getOrDefault(stack, 0L) + 3 * b.getOrDefault(stack, 0L) + 6 * c.getOrDefault(stack, 0L)));
        expected.values().removeIf(value -> value == 0);
        assertThat(b.keySet()).isSubsetOf(a.keySet());
        assertThat(c.keySet()).isSubsetOf(a.keySet());
        assertThat(reference.scale()).isEqualTo(12);
        assertThat(reference.profile().valuesByStack()).isEqualTo(expected);
        assertThat(reference.profile().labels()).isEqualTo(LabelSet.of(Map.of(LabelSet.SERVICE_NAME, Fixtures.SERVICE)));
    }

    @Test
    void noWindowsGiveAnEmptyProfileOfTheType() {
        WindowProfile empty = WindowAggregator.aggregate(INUSE, List.of());
        assertThat(empty.profile().stackCount()).isZero();
        assertThat(empty.profile().type()).isEqualTo(INUSE);
        assertThat(empty.scale()).isEqualTo(1);
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

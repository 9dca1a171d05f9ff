package dev.pyrometer.profile.merge;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.testing.Folded;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.profile.top.GoldenTop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

public class ProfileMergerTest {
    private static final ProfileType CPU = Folded.CPU;

    /** Every kind and each of its sample types; golden/merged/ holds pprof's table of the 6 captures merged. */
    static Stream<Arguments> kindsAndSampleTypes() {
        return Fixtures.KINDS.stream().flatMap(kind -> Fixtures.decode(kind + "-1.pb.gz").sampleTypes().stream()
                .map(type -> Arguments.of(kind, type.type())));
    }

    /** The six captures of a kind, one sample type: all their series, across six frame tables. */
    public static List<SeriesProfile> series(String kind, String sampleType) {
        return Fixtures.captures(kind).stream().flatMap(capture -> Fixtures.series(capture).stream())
                .filter(profile -> profile.type().sampleType().equals(sampleType))
                .toList();
    }

    @Test
    void everyKindAndSampleTypeHasAMergedGolden() {
        assertThat(kindsAndSampleTypes()).hasSize(16);
    }

    /**
     * {@code go tool pprof -top} over the six files adds them up; merging our six profiles into one must give
     * the same table (flat and cum per function, order, total). Frames come from six different frame tables.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndSampleTypes")
    void mergingTheSixCapturesMatchesGoToolPprofOverTheSixFiles(String kind, String sampleType) {
        GoldenTop golden = GoldenTop.load("/golden/merged/" + kind + "." + sampleType + ".txt");

        SeriesProfile merged = ProfileMerger.merge(series(kind, sampleType));
        FunctionTotals totals = FunctionTotals.of(List.of(merged));

        assertThat(totals.rows()).containsExactlyElementsOf(golden.rows());
        assertThat(totals.total()).isEqualTo(golden.total());
        assertThat(merged.valuesByStack()).doesNotContainValue(0L);
    }

    @Test
    void sumsStacksWithEqualFramesAcrossFrameTables() {
        FrameTable first = new FrameTable();
        int a1 = first.intern(new Frame("a", "a.go", 1));
        int main1 = first.intern(new Frame("main", "main.go", 9));
        FrameTable second = new FrameTable();
        int other = second.intern(new Frame("a", "a.go", 2));
        int main2 = second.intern(new Frame("main", "main.go", 9));
        int a2 = second.intern(new Frame("a", "a.go", 1));

        SeriesProfile merged = ProfileMerger.merge(List.of(
                profile(first, new int[][] {{a1, main1}, {main1}}, new long[] {5, 1}),
                profile(second, new int[][] {{a2, main2}, {other, main2}, {}}, new long[] {7, 3, 2})));

        Frame a = new Frame("a", "a.go", 1);
        Frame aLine2 = new Frame("a", "a.go", 2);
        Frame main = new Frame("main", "main.go", 9);
        assertThat(merged.valuesByStack()).containsExactly(
                entry(List.of(a, main), 12L), entry(List.of(main), 1L), entry(List.of(aLine2, main), 3L), entry(List.of(), 2L));
        assertThat(merged.frames().size()).isEqualTo(3);
        assertThat(merged.total()).isEqualTo(18);
    }

    @Test
    void leavesOutStacksThatSumToZero() {
        SeriesProfile plus = Folded.profile("main;a 4", "main;b 1");
        SeriesProfile minus = Folded.profile("main;a -4");

        assertThat(ProfileMerger.merge(List.of(plus, minus)).valuesByStack())
                .containsExactly(entry(List.of(new Frame("b", "", 0), new Frame("main", "", 0)), 1L));
    }

    @Test
    void combinesHeadersAsPprofDoesAndKeepsTheLabelsAllInputsShare() {
        LabelSet podA = LabelSet.of(Map.of("service_name", "api", "pod", "a", "zone", "z1"));
        LabelSet podB = LabelSet.of(Map.of("service_name", "api", "pod", "b", "zone", "z1"));
        LabelSet podC = LabelSet.of(Map.of("service_name", "api", "pod", "c"));
        SeriesProfile empty = Folded.profile();

        ProfileMerger merger = new ProfileMerger(CPU)
                .add(withHeader(empty, podA, 2_000, 10, 100))
                .add(withHeader(empty, podB, 1_000, 10, 300))
                .add(withHeader(empty, podC, 0, 5, 200));
        SeriesProfile merged = merger.result();

        assertThat(merged.labels()).isEqualTo(LabelSet.of(Map.of("service_name", "api")));
        assertThat(merged.timeNanos()).isEqualTo(1_000);
        assertThat(merged.durationNanos()).isEqualTo(25);
        assertThat(merged.period()).isEqualTo(300);
        assertThat(merged.type()).isEqualTo(CPU);
    }

    @Test
    void anEmptyMergeIsAnEmptyProfileOfItsType() {
        SeriesProfile merged = new ProfileMerger(CPU).result();

        assertThat(merged.type()).isEqualTo(CPU);
        assertThat(merged.stackCount()).isZero();
        assertThat(merged.labels()).isEqualTo(LabelSet.EMPTY);
        assertThatThrownBy(() -> ProfileMerger.merge(List.of())).hasMessage("no profiles to merge");
    }

    @Test
    void refusesTypeClashesNamingBothTypesBeforeMergingAnything() {
        ProfileType inuse = ProfileType.parse("memory:inuse_space:bytes:space:bytes");
        SeriesProfile cpu = Folded.profile("main 1");
        SeriesProfile heap = Folded.profile(inuse, "main 1");
        ProfileMerger merger = new ProfileMerger(CPU).add(cpu);

        assertThatThrownBy(() -> ProfileMerger.merge(List.of(cpu, cpu, heap)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot merge profiles of different types: process_cpu:cpu:nanoseconds:cpu:nanoseconds"
                        + " and memory:inuse_space:bytes:space:bytes");
        assertThatThrownBy(() -> merger.add(heap)).hasMessageContaining("memory:inuse_space:bytes:space:bytes");
        assertThat(merger.result().total()).isEqualTo(1);
    }

    @Test
    void mergingTheSameInputsInTheSameOrderGivesTheSameStackOrder() {
        List<SeriesProfile> cpu = series("cpu", "cpu");

        SeriesProfile first = ProfileMerger.merge(cpu);
        SeriesProfile second = ProfileMerger.merge(cpu);

        assertThat(List.copyOf(first.valuesByStack().entrySet())).isEqualTo(List.copyOf(second.valuesByStack().entrySet()));
    }

    private static SeriesProfile profile(FrameTable frames, int[][] stacks, long[] values) {
        return new SeriesProfile(CPU, LabelSet.EMPTY, 0, 0, 1, frames, stacks, values);
    }

    private static SeriesProfile withHeader(SeriesProfile profile, LabelSet labels, long timeNanos, long durationNanos, long period) {
        return new SeriesProfile(profile.type(), labels, timeNanos, durationNanos, period, profile.frames(), profile.stacks(), profile.values());
    }
}

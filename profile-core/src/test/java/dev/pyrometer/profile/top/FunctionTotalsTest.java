package dev.pyrometer.profile.top;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionTotalsTest {
    private static final ProfileType CPU = ProfileType.parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds");

    /** Every (capture, sample type) pair; each must have a golden file. */
    static Stream<Arguments> capturesAndSampleTypes() {
        return Fixtures.allCaptures().stream().flatMap(capture -> Fixtures.decode(capture).sampleTypes().stream()
                .map(type -> Arguments.of(capture, type.type())));
    }

    @Test
    void everySampleTypeOfEveryCaptureHasAGolden() {
        // 6 rounds of: allocs 4 + block 2 + cpu 2 + goroutine 1 + heap 4 + mutex 2 + threadcreate 1.
        assertThat(capturesAndSampleTypes()).hasSize(96);
    }

    /**
     * The golden is {@code go tool pprof -top} of the capture (see golden/regenerate.sh): decode, split
     * and total must reproduce every row, in order, with exact flat and cum, and the total.
     *
     * <p>pprof's "accounting for X of T" has X < T in two kinds of capture, and both are samples with
     * no frames at all: they count in the total but there is no function to show them under.
     * Go 1.19's goroutine profile always has one: it reserves a record per goroutine it counted while
     * the world was stopped and returns them all even when fewer were filled in (runtime/mprof.go,
     * goroutineProfileWithLabelsConcurrent), so an empty record comes out as a frameless sample of 1
     * (goroutine-3: 125 of 126). The threadcreate profile reports the creation stack of every M, and
     * Ms created from the scheduler's system stack, or m0, have none (threadcreate-1: 1 of 6).
     * The test checks that the gap is exactly the value of the frameless stacks.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("capturesAndSampleTypes")
    void matchesGoToolPprofTop(String capture, String sampleType) {
        GoldenTop golden = GoldenTop.load("/golden/top/" + capture.replace(".pb.gz", "") + "." + sampleType + ".txt");
        List<SeriesProfile> series = Fixtures.series(capture).stream()
                .filter(profile -> profile.type().sampleType().equals(sampleType))
                .toList();

        FunctionTotals totals = FunctionTotals.of(series);

        assertThat(totals.rows()).containsExactlyElementsOf(golden.rows());
        assertThat(totals.total()).isEqualTo(golden.total());
        assertThat(totals.rows().stream().mapToLong(FunctionTotals.Row::flat).sum()).isEqualTo(golden.shown());
        assertThat(golden.total() - golden.shown()).isEqualTo(framelessValue(series));
    }

    @Test
    void goroutineAndThreadcreateTotalsIncludeFramelessSamples() {
        GoldenTop goroutines = GoldenTop.load("/golden/top/goroutine-3.goroutine.txt");
        assertThat(goroutines.shown()).isEqualTo(125);
        assertThat(goroutines.total()).isEqualTo(126);
        assertThat(framelessValue(Fixtures.series("goroutine-3.pb.gz"))).isEqualTo(1);
        assertThat(FunctionTotals.of(Fixtures.series("goroutine-3.pb.gz")).total()).isEqualTo(126);

        GoldenTop threads = GoldenTop.load("/golden/top/threadcreate-1.threadcreate.txt");
        assertThat(threads.shown()).isEqualTo(1);
        assertThat(threads.total()).isEqualTo(6);
        assertThat(framelessValue(Fixtures.series("threadcreate-1.pb.gz"))).isEqualTo(5);
    }

    @Test
    void cumCountsAFunctionOncePerStackAndFlatOnlyAtTheLeaf() {
        FrameTable frames = new FrameTable();
        int recurseA = frames.intern(new Frame("main.recurse", "main.go", 10));
        int recurseB = frames.intern(new Frame("main.recurse", "main.go", 12));
        int main = frames.intern(new Frame("main.main", "main.go", 3));
        SeriesProfile profile = profile(CPU, frames,
                new int[][] {{recurseA, recurseB, recurseA, main}, {main}},
                new long[] {7, 2});

        assertThat(FunctionTotals.of(List.of(profile))).isEqualTo(new FunctionTotals(9, List.of(
                new FunctionTotals.Row("main.recurse", 7, 7),
                new FunctionTotals.Row("main.main", 2, 9))));
    }

    @Test
    void mergesSeveralProfilesWithTheirOwnFrameTables() {
        FrameTable first = new FrameTable();
        int a1 = first.intern(new Frame("a", "a.go", 1));
        int b1 = first.intern(new Frame("b", "b.go", 1));
        FrameTable second = new FrameTable();
        int b2 = second.intern(new Frame("b", "b.go", 2));
        int a2 = second.intern(new Frame("a", "a.go", 5));

        FunctionTotals totals = FunctionTotals.of(List.of(
                profile(CPU, first, new int[][] {{a1, b1}}, new long[] {10}),
                profile(CPU, second, new int[][] {{b2, a2}, {a2}}, new long[] {4, 1})));

        assertThat(totals).isEqualTo(new FunctionTotals(15, List.of(
                new FunctionTotals.Row("a", 11, 15),
                new FunctionTotals.Row("b", 4, 14))));
    }

    /** pprof's FlatNameOrder: |flat| descending, then name, and only then |cum| descending. */
    @Test
    void sortsLikePprofTopWithNameBeforeCum() {
        FrameTable frames = new FrameTable();
        int leaf = frames.intern(new Frame("z.leaf", "", 0));
        int zz = frames.intern(new Frame("z.caller", "", 0));
        int aa = frames.intern(new Frame("a.caller", "", 0));
        int big = frames.intern(new Frame("m.big", "", 0));
        SeriesProfile profile = profile(CPU, frames,
                new int[][] {{leaf, zz, aa}, {zz, aa}, {big}, {aa}},
                new long[] {5, 5, 100, 1});

        assertThat(FunctionTotals.of(List.of(profile)).rows()).containsExactly(
                new FunctionTotals.Row("m.big", 100, 100),
                new FunctionTotals.Row("z.caller", 5, 10),
                new FunctionTotals.Row("z.leaf", 5, 5),
                new FunctionTotals.Row("a.caller", 1, 11));
    }

    @Test
    void zeroValuesAddNoRowsAndRowsThatCancelOutAreLeftOut() {
        FrameTable frames = new FrameTable();
        int a = frames.intern(new Frame("a", "", 0));
        int b = frames.intern(new Frame("b", "", 0));
        int c = frames.intern(new Frame("c", "", 0));
        SeriesProfile profile = profile(CPU, frames,
                new int[][] {{a}, {b, a}, {b}, {c}, {}},
                new long[] {3, 0, 4, 0, 2});
        SeriesProfile negated = profile(CPU, frames, new int[][] {{b}}, new long[] {-4});

        assertThat(FunctionTotals.of(List.of(profile, negated))).isEqualTo(new FunctionTotals(5, List.of(
                new FunctionTotals.Row("a", 3, 3))));
    }

    @Test
    void noProfilesGiveAnEmptyTable() {
        assertThat(FunctionTotals.of(List.of())).isEqualTo(new FunctionTotals(0, List.of()));
    }

    @Test
    void refusesProfilesOfDifferentTypes() {
        ProfileType samples = ProfileType.parse("process_cpu:samples:count:cpu:nanoseconds");
        List<SeriesProfile> mixed = List.of(
                profile(CPU, new FrameTable(), new int[0][], new long[0]),
                profile(samples, new FrameTable(), new int[0][], new long[0]));

        assertThatThrownBy(() -> FunctionTotals.of(mixed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot total profiles of different types: process_cpu:cpu:nanoseconds:cpu:nanoseconds"
                        + " and process_cpu:samples:count:cpu:nanoseconds");
    }

    @Test
    void goldenParserRefusesRoundedValues() {
        String rounded = "Showing nodes accounting for 1.20k, 100% of 1.20k total\n"
                + "      flat  flat%   sum%        cum   cum%\n"
                + "     1.20k   100%   100%      1.20k   100%  main.main\n";

        assertThatThrownBy(() -> GoldenTop.parse("rounded", rounded))
                .hasMessageContaining("'1.20k' is not an exact integer");
    }

    @Test
    void goldenParserStripsInlineMarks() {
        String text = "Showing nodes accounting for 30ns, 100% of 30ns total\n"
                + "      flat  flat%   sum%        cum   cum%\n"
                + "      20ns 66.67% 66.67%       30ns   100%  main.f (inline)\n"
                + "      10ns 33.33%   100%       10ns 33.33%  main.g (partial-inline)\n";

        assertThat(GoldenTop.parse("inline", text)).isEqualTo(new GoldenTop(30, 30, List.of(
                new FunctionTotals.Row("main.f", 20, 30), new FunctionTotals.Row("main.g", 10, 10))));
    }

    private static long framelessValue(List<SeriesProfile> series) {
        long value = 0;
        for (SeriesProfile profile : series) {
            for (int i = 0; i < profile.stackCount(); i++) {
                if (profile.stacks()[i].length == 0) {
                    value += profile.values()[i];
                }
            }
        }
        return value;
    }

    private static SeriesProfile profile(ProfileType type, FrameTable frames, int[][] stacks, long[] values) {
        return new SeriesProfile(type, LabelSet.EMPTY, 0, 0, 1, frames, stacks, values);
    }
}

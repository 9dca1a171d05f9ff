package dev.pyrometer.profile.lines;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.testing.GoldenList;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.profile.top.GoldenTop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Per-line flat and cum against {@code go tool pprof -list} and {@code -lines -top} over the six real captures of
 * a kind merged (golden/regenerate.sh), inline frames included: main.increase1000 and main.increase2000 are
 * inlined into both of their callers in the CPU captures, main.alloc1000 into main.AllocMemory in the heap ones.
 */
class FunctionLinesTest {
    /** Where the captures say main.go was built; pprof's -trim_path removes it, so -list prints "main.go". */
    private static final String BUILD_DIRECTORY = "/tmp/ceo/go/seedapp/";
    private static final ProfileType CPU = ProfileType.parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds");

    @ParameterizedTest(name = "{2} in {0} {1}")
    @CsvSource({
            "cpu,  cpu,         main.increase2000",
            "cpu,  cpu,         main.increase1000",
            "cpu,  cpu,         main.IncreaseIntGoroutine.func1",
            "heap, alloc_space, main.alloc1000"})
    void rowsAndTextEqualGoToolPprofList(String kind, String sampleType, String function) {
        GoldenList golden = GoldenList.load("/golden/list/" + kind + "." + sampleType + "." + function + ".txt");
        FunctionLines lines = FunctionLines.of(function, merged(kind, sampleType));

        assertThat(golden.routines()).hasSize(1);
        GoldenList.Routine routine = golden.routines().get(0);
        assertThat(lines.files()).hasSize(1);
        FunctionLines.FileLines file = lines.files().get(0);
        assertThat(routine.function()).isEqualTo(function);
        assertThat(file.file()).isEqualTo(BUILD_DIRECTORY + routine.file());
        assertThat(file.flat()).as("flat of the routine").isEqualTo(routine.flat());
        assertThat(file.cum()).as("cum of the routine").isEqualTo(routine.cum());
        assertThat(SourceListing.withText(file, workloadSource())).containsExactlyElementsOf(routine.rows());
        assertThat(SourceListing.withoutText(file)).containsExactlyElementsOf(routine.rows().stream()
                .filter(row -> row.flat() != 0 || row.cum() != 0)
                .map(row -> new SourceListing.Row(row.line(), row.flat(), row.cum(), null))
                .toList());
    }

    /** Every (function, file, line) row of {@code -lines -top}, and no other line of any function of the table. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "cpu,  cpu,         main.increase2000 /tmp/ceo/go/seedapp/main.go:26 10240000000 13640000000",
            "heap, alloc_space, main.AllocMemory /tmp/ceo/go/seedapp/main.go:58 0 2099200"})
    void everyLineOfEveryFunctionEqualsGoToolPprofLinesTop(String kind, String sampleType, String oneInlinedLine) {
        GoldenTop golden = GoldenTop.load("/golden/lines/" + kind + "." + sampleType + ".txt");
        List<String> expected = new ArrayList<>();
        for (FunctionTotals.Row row : golden.rows()) {
            // the name column is "function file:line"
            String name = row.function();
            int space = name.indexOf(' ');
            expected.add(name.substring(0, space) + " " + name.substring(space + 1) + " " + row.flat() + " " + row.cum());
        }
        List<SeriesProfile> merged = merged(kind, sampleType);
        List<String> actual = new ArrayList<>();
        for (FunctionTotals.Row function : FunctionTotals.of(merged).rows()) {
            for (FunctionLines.FileLines file : FunctionLines.of(function.function(), merged).files()) {
                for (FunctionLines.Line line : file.lines()) {
                    actual.add(function.function() + " " + file.file() + ":" + line.line() + " " + line.flat() + " " + line.cum());
                }
            }
        }

        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected).contains(oneInlinedLine);
    }

    @Test
    void cumCountsALineOncePerStackAndTheFileAddsItsLines() {
        FrameTable frames = new FrameTable();
        int recurse10 = frames.intern(new Frame("main.recurse", "main.go", 10));
        int recurse12 = frames.intern(new Frame("main.recurse", "main.go", 12));
        int main = frames.intern(new Frame("main.main", "main.go", 3));
        SeriesProfile profile = profile(CPU, frames, new int[][] {{recurse10, recurse12, recurse10, main}, {recurse12, main}, {main}},
                new long[] {7, 2, 1});

        assertThat(FunctionLines.of("main.recurse", List.of(profile))).isEqualTo(new FunctionLines("main.recurse", List.of(
                new FunctionLines.FileLines("main.go", 9, 16, List.of(
                        new FunctionLines.Line(10, 7, 7),
                        new FunctionLines.Line(12, 2, 9))))));
    }

    @Test
    void filesAreSortedAndFramesWithoutAFileOrValueAreLeftOut() {
        FrameTable frames = new FrameTable();
        int b = frames.intern(new Frame("f", "b.go", 4));
        int a = frames.intern(new Frame("f", "a.go", 9));
        int unknown = frames.intern(new Frame("f", "", 0));
        int other = frames.intern(new Frame("g", "a.go", 1));
        SeriesProfile first = profile(CPU, frames, new int[][] {{b, other}, {a}, {unknown}, {a, b}}, new long[] {5, 3, 4, 0});
        FrameTable second = new FrameTable();
        int a2 = second.intern(new Frame("f", "a.go", 9));
        SeriesProfile other2 = profile(CPU, second, new int[][] {{a2}}, new long[] {-3});

        assertThat(FunctionLines.of("f", List.of(first, other2)).files()).containsExactly(
                new FunctionLines.FileLines("b.go", 5, 5, List.of(new FunctionLines.Line(4, 5, 5))));
        assertThat(FunctionLines.of("absent", List.of(first)).files()).isEmpty();
        assertThat(FunctionLines.of("f", List.of()).files()).isEmpty();
    }

    @Test
    void refusesProfilesOfDifferentTypes() {
        ProfileType samples = ProfileType.parse("process_cpu:samples:count:cpu:nanoseconds");
        List<SeriesProfile> mixed = List.of(profile(CPU, new FrameTable(), new int[0][], new long[0]),
                profile(samples, new FrameTable(), new int[0][], new long[0]));

        assertThatThrownBy(() -> FunctionLines.of("f", mixed)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot list profiles of different types: process_cpu:cpu:nanoseconds:cpu:nanoseconds"
                        + " and process_cpu:samples:count:cpu:nanoseconds");
    }

    @Test
    void listingShowsFiveLinesAroundTheValuesStopsAtTheEndAndKeepsValuesOutsideTheText() {
        FunctionLines.FileLines file = new FunctionLines.FileLines("x.go", 3, 9, List.of(
                new FunctionLines.Line(0, 1, 1), new FunctionLines.Line(3, 2, 2), new FunctionLines.Line(12, 0, 6)));
        List<String> text = List.of("l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9");

        List<SourceListing.Row> rows = SourceListing.withText(file, text);

        List<SourceListing.Row> expected = new ArrayList<>();
        expected.add(new SourceListing.Row(0, 1, 1, null));
        for (int line = 1; line <= 9; line++) {
            expected.add(new SourceListing.Row(line, line == 3 ? 2 : 0, line == 3 ? 2 : 0, "l" + line));
        }
        expected.add(new SourceListing.Row(12, 0, 6, null));
        assertThat(rows).containsExactlyElementsOf(expected);
        assertThat(SourceListing.withText(new FunctionLines.FileLines("y.go", 1, 1, List.of(new FunctionLines.Line(20, 1, 1))),
                Arrays.asList(new String[40])).get(0)).isEqualTo(new SourceListing.Row(15, 0, 0, null));
    }

    @Test
    void goldenParserReadsDotsAsZeroAndKeepsTextVerbatim() {
        String text = "Total: 30ns\n"
                + "ROUTINE ======================== main.f in main.go\n"
                + "      20ns       30ns (flat, cum)   100% of Total\n"
                + "         .          .      1:package main\n"
                + "      20ns       30ns      2:\tx := 1 // 5:6\n";

        assertThat(GoldenList.parse("t", text)).isEqualTo(new GoldenList(30, List.of(new GoldenList.Routine("main.f", "main.go", 20, 30,
                List.of(new SourceListing.Row(1, 0, 0, "package main"), new SourceListing.Row(2, 20, 30, "\tx := 1 // 5:6"))))));
    }

    /** The six captures of {@code kind}, the series of {@code sampleType}: what pprof adds up given the six files. */
    private static List<SeriesProfile> merged(String kind, String sampleType) {
        return Fixtures.captures(kind).stream().flatMap(capture -> Fixtures.series(capture).stream())
                .filter(profile -> profile.type().sampleType().equals(sampleType))
                .toList();
    }

    /** workload.go.txt as lines, split as pprof reads a source file: at '\n', without it. */
    private static List<String> workloadSource() {
        try (InputStream in = FunctionLinesTest.class.getResourceAsStream("/fixtures/go-seedapp/workload.go.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (text.endsWith("\n")) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SeriesProfile profile(ProfileType type, FrameTable frames, int[][] stacks, long[] values) {
        return new SeriesProfile(type, LabelSet.EMPTY, 0, 0, 1, frames, stacks, values);
    }
}

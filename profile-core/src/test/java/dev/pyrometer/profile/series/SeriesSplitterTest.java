package dev.pyrometer.profile.series;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.DecodedPprof;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeriesSplitterTest {
    private static final String MAIN_GO = "/tmp/ceo/go/seedapp/main.go";
    private static final long CPU_1_TIME = 1795607468070772370L;
    private static final long CPU_1_DURATION = 5132916687L;
    private static final LabelSet SEEDAPP = LabelSet.of(Map.of("service_name", "seedapp", "env", "test"));
    private static final SeriesSplitter SPLITTER = new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults()));

    static List<String> captures() {
        return Fixtures.allCaptures();
    }

    /** One series per sample type; each keeps every value of its type and no zero. */
    @ParameterizedTest
    @MethodSource("captures")
    void splitsEveryCaptureIntoOneSeriesPerSampleType(String capture) throws InvalidProfileException {
        DecodedPprof pprof = Fixtures.decode(capture);

        List<SeriesProfile> series = SPLITTER.split(pprof, upload(SEEDAPP, null, 0, 0, 0));

        assertThat(series).hasSize(pprof.sampleTypes().size());
        for (int type = 0; type < series.size(); type++) {
            SeriesProfile profile = series.get(type);
            int column = type;
            assertThat(profile.type().sampleType()).isEqualTo(pprof.sampleTypes().get(type).type());
            assertThat(profile.labels()).isEqualTo(SEEDAPP);
            assertThat(profile.total()).isEqualTo(pprof.samples().stream().mapToLong(s -> s.values()[column]).sum());
            assertThat(profile.values()).doesNotContain(0L);
            assertThat(profile.period()).isEqualTo(pprof.period());
            assertThat(profile.timeNanos()).isEqualTo(pprof.timeNanos());
        }
    }

    /**
     * cpu-1 has 20 samples; different addresses of one inlined call resolve to the same frames, so
     * they form 14 distinct stacks (values from {@code go tool pprof -raw cpu-1.pb.gz}).
     */
    @Test
    void sumsSamplesThatShareAStack() throws InvalidProfileException {
        List<SeriesProfile> series = SPLITTER.split(Fixtures.decode("cpu-1.pb.gz"), upload(SEEDAPP, null, 0, 0, 0));
        SeriesProfile cpu = series.get(1);

        assertThat(cpu.type().id()).isEqualTo("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        assertThat(cpu.stackCount()).isEqualTo(14);
        assertThat(cpu.total()).isEqualTo(2_260_000_000L);
        Map<List<Frame>, Long> byStack = cpu.valuesByStack();
        // Samples "3 4" (90 ms) and "3 5" (150 ms).
        assertThat(byStack.get(List.of(
                new Frame("runtime.asyncPreempt", "/usr/lib/go-1.19/src/runtime/preempt_amd64.s", 7),
                new Frame("main.increase2000", MAIN_GO, 26),
                new Frame("main.IncreaseIntGoroutine.func1", MAIN_GO, 46)))).isEqualTo(240_000_000L);
        // Samples "1" (400 ms) and "46" (10 ms).
        assertThat(byStack.get(List.of(
                new Frame("main.increase2000", MAIN_GO, 26),
                new Frame("main.IncreaseIntGoroutine.func1", MAIN_GO, 46)))).isEqualTo(410_000_000L);
        // Sample "2" alone: a different line is a different stack.
        assertThat(byStack.get(List.of(
                new Frame("main.increase2000", MAIN_GO, 27),
                new Frame("main.IncreaseInt", MAIN_GO, 35)))).isEqualTo(180_000_000L);
        assertThat(series.get(0).valuesByStack().get(List.of(
                new Frame("main.increase2000", MAIN_GO, 26),
                new Frame("main.IncreaseIntGoroutine.func1", MAIN_GO, 46)))).isEqualTo(41L);
    }

    @Test
    void requestTimesWinOverThePprofTime() throws InvalidProfileException {
        SeriesProfile profile = SPLITTER.split(Fixtures.decode("cpu-1.pb.gz"), upload(SEEDAPP, null, 1_000, 16_000, 99_000)).get(0);

        assertThat(profile.timeNanos()).isEqualTo(1_000);
        assertThat(profile.durationNanos()).isEqualTo(15_000);
    }

    @Test
    void thePprofTimeWinsOverTheReceivedTime() throws InvalidProfileException {
        SeriesProfile profile = SPLITTER.split(Fixtures.decode("cpu-1.pb.gz"), upload(SEEDAPP, null, 0, 0, 99_000)).get(0);

        assertThat(profile.timeNanos()).isEqualTo(CPU_1_TIME);
        assertThat(profile.durationNanos()).isEqualTo(CPU_1_DURATION);
    }

    @Test
    void aStartWithoutALaterEndKeepsThePprofDuration() throws InvalidProfileException {
        SeriesProfile profile = SPLITTER.split(Fixtures.decode("cpu-1.pb.gz"), upload(SEEDAPP, null, 1_000, 0, 99_000)).get(0);

        assertThat(profile.timeNanos()).isEqualTo(1_000);
        assertThat(profile.durationNanos()).isEqualTo(CPU_1_DURATION);
    }

    @Test
    void theReceivedTimeAppliesWhenNothingElseGivesOne() throws InvalidProfileException {
        PprofProto.Profile timeless = Fixtures.proto("heap-1.pb.gz").toBuilder().clearTimeNanos().build();

        SeriesProfile profile = SPLITTER.split(decode(timeless), upload(SEEDAPP, null, 0, 0, 99_000)).get(0);

        assertThat(profile.timeNanos()).isEqualTo(99_000);
        assertThat(profile.durationNanos()).isZero();
    }

    @Test
    void anExplicitNameNamesEverySeries() throws InvalidProfileException {
        List<SeriesProfile> series = SPLITTER.split(Fixtures.decode("mutex-1.pb.gz"), upload(SEEDAPP, "block", 0, 0, 0));

        assertThat(series).extracting(profile -> profile.type().id()).containsExactly(
                "block:contentions:count:contentions:count", "block:delay:nanoseconds:contentions:count");
    }

    /** pprof string labels become series labels (names made label-safe); the sender's value wins on a clash. */
    @Test
    void pprofStringLabelsSplitSeries() throws InvalidProfileException {
        PprofProto.Profile raw = Fixtures.proto("cpu-1.pb.gz");
        int spanId = raw.getStringTableCount();
        PprofProto.Profile.Builder labelled = raw.toBuilder()
                .addStringTable("span id").addStringTable("a1").addStringTable("service_name").addStringTable("other");
        labelled.setSample(0, raw.getSample(0).toBuilder()
                .addLabel(PprofProto.Label.newBuilder().setKey(spanId).setStr(spanId + 1))
                .addLabel(PprofProto.Label.newBuilder().setKey(spanId + 2).setStr(spanId + 3)));

        List<SeriesProfile> series = SPLITTER.split(decode(labelled.build()), upload(SEEDAPP, null, 0, 0, 0));

        assertThat(series).extracting(SeriesProfile::labels).containsExactly(
                LabelSet.of(Map.of("service_name", "seedapp", "env", "test", "span_id", "a1")),
                LabelSet.of(Map.of("service_name", "seedapp", "env", "test", "span_id", "a1")),
                SEEDAPP,
                SEEDAPP);
        assertThat(series.get(1).total()).isEqualTo(400_000_000L);
        assertThat(series.get(3).total()).isEqualTo(1_860_000_000L);
    }

    /** Sample label sets that end up as the same series labels are summed into one profile of that series. */
    @Test
    void labelSetsThatBecomeOneSeriesAreSummedTogether() throws InvalidProfileException {
        PprofProto.Profile raw = Fixtures.proto("cpu-1.pb.gz");
        long unlabelled = SPLITTER.split(decode(raw), upload(SEEDAPP, null, 0, 0, 0)).get(1).total();
        int key = raw.getStringTableCount();
        PprofProto.Profile.Builder labelled = raw.toBuilder().addStringTable("service_name").addStringTable("overridden");
        labelled.setSample(0, raw.getSample(0).toBuilder().addLabel(PprofProto.Label.newBuilder().setKey(key).setStr(key + 1)));

        List<SeriesProfile> series = SPLITTER.split(decode(labelled.build()), upload(SEEDAPP, null, 0, 0, 0));

        assertThat(series).hasSize(2);
        assertThat(series).extracting(SeriesProfile::labels).containsOnly(SEEDAPP);
        assertThat(series.get(1).total()).isEqualTo(unlabelled);
    }

    @Test
    void refusesANulInALabelValue() {
        assertProblem(LabelSet.of(Map.of("service_name", "api", "pod", "a\0b")), Problem.INVALID_LABEL,
                "value of label 'pod' contains a NUL character");
    }

    @Test
    void aProfileWithoutSamplesStillYieldsEmptySeries() throws InvalidProfileException {
        PprofProto.Profile empty = Fixtures.proto("cpu-1.pb.gz").toBuilder().clearSample().build();

        List<SeriesProfile> series = SPLITTER.split(decode(empty), upload(SEEDAPP, null, 0, 0, 0));

        assertThat(series).hasSize(2);
        assertThat(series).allSatisfy(profile -> {
            assertThat(profile.stackCount()).isZero();
            assertThat(profile.labels()).isEqualTo(SEEDAPP);
        });
    }

    @Test
    void refusesAMissingOrBlankServiceName() {
        assertProblem(LabelSet.of(Map.of("env", "prod")), Problem.MISSING_SERVICE_NAME,
                "label service_name is required and must not be empty");
        assertProblem(LabelSet.of(Map.of("service_name", " ")), Problem.MISSING_SERVICE_NAME,
                "label service_name is required");
    }

    @Test
    void refusesBadLabelNames() {
        for (String name : List.of("1st", "with-dash", "__reserved", "ünïcode", "")) {
            assertProblem(LabelSet.of(Map.of("service_name", "api", name, "x")), Problem.INVALID_LABEL,
                    "label name '" + name + "' must match [a-zA-Z_][a-zA-Z0-9_.]*");
        }
    }

    @Test
    void refusesMoreLabelsThanTheLimit() throws InvalidProfileException {
        Map<String, String> labels = new HashMap<>(Map.of("service_name", "api"));
        for (int i = 1; i < 32; i++) {
            labels.put("l" + i, "v");
        }
        SPLITTER.split(Fixtures.decode("goroutine-1.pb.gz"), upload(LabelSet.of(labels), null, 0, 0, 0));
        labels.put("l32", "v");

        assertProblem(LabelSet.of(labels), Problem.TOO_MANY_LABELS, "series has 33 labels, more than the limit of 32");
    }

    @Test
    void refusesTooLongLabelNamesAndValues() throws InvalidProfileException {
        String longestName = "n".repeat(128);
        String longestValue = "v".repeat(1024);
        SPLITTER.split(Fixtures.decode("goroutine-1.pb.gz"),
                upload(LabelSet.of(Map.of("service_name", "api", longestName, longestValue)), null, 0, 0, 0));

        assertProblem(LabelSet.of(Map.of("service_name", "api", longestName + "n", "x")), Problem.LABEL_TOO_LONG,
                "is 129 chars, more than the limit of 128");
        assertProblem(LabelSet.of(Map.of("service_name", "api", "pod", longestValue + "v")), Problem.LABEL_TOO_LONG,
                "value of label 'pod' is 1025 chars, more than the limit of 1024");
    }

    private static void assertProblem(LabelSet labels, Problem problem, String message) {
        ThrowableAssert.ThrowingCallable split =
                () -> SPLITTER.split(Fixtures.decode("goroutine-1.pb.gz"), upload(labels, null, 0, 0, 0));
        assertThatThrownBy(split)
                .isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessageContaining(message);
    }

    /** Per-request pprof label values would create a series per sample: refused past the series limit. */
    @Test
    void refusesAnUploadThatSplitsIntoMoreSeriesThanTheLimit() throws Exception {
        DecodedPprof cpu = Fixtures.decode("cpu-1.pb.gz");
        java.util.List<DecodedPprof.Sample> labelled = new java.util.ArrayList<>();
        for (int i = 0; i < cpu.samples().size(); i++) {
            DecodedPprof.Sample sample = cpu.samples().get(i);
            labelled.add(new DecodedPprof.Sample(sample.stack(), sample.values(), LabelSet.of(java.util.Map.of("request", "r" + i))));
        }
        DecodedPprof perRequest = new DecodedPprof(cpu.sampleTypes(), cpu.periodType(), cpu.period(), cpu.timeNanos(),
                cpu.durationNanos(), cpu.defaultSampleType(), cpu.frames(), labelled);
        SeriesSplitter limited = new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults()), 6);

        assertThat(limited.split(new DecodedPprof(cpu.sampleTypes(), cpu.periodType(), cpu.period(), cpu.timeNanos(),
                cpu.durationNanos(), cpu.defaultSampleType(), cpu.frames(), labelled.subList(0, 3)), upload(SEEDAPP, null, 0, 0, 1)))
                .hasSize(6);
        assertThatThrownBy(() -> limited.split(perRequest, upload(SEEDAPP, null, 0, 0, 1)))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessage("profile splits into more than 6 series (4 distinct label sets so far × 2 sample types); "
                        + "pprof labels must not carry per-request values")
                .extracting(e -> ((InvalidProfileException) e).problem()).isEqualTo(Problem.TOO_MANY_SERIES);
    }

    private static UploadContext upload(LabelSet labels, String name, long start, long end, long received) {
        return new UploadContext(labels, name, start, end, received);
    }

    private static DecodedPprof decode(PprofProto.Profile profile) throws InvalidProfileException {
        return new PprofDecoder(ProfileLimits.defaults()).decode(profile.toByteArray());
    }
}

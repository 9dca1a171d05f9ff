package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table, label, stack-frame and value limits, each at its edge on a real capture. */
class PprofDecoderLimitsTest {
    private static final ProfileLimits DEFAULTS = ProfileLimits.defaults();
    private static final PprofProto.Profile CPU = Fixtures.proto("cpu-1.pb.gz");

    @Test
    void theSevenLimitConstructorKeepsTheOtherLimitsAtTheirDefaults() {
        ProfileLimits limits = new ProfileLimits(1, 2, 3, 4, 5, 6, 7);

        assertThat(limits).isEqualTo(new ProfileLimits(1, 2, 3, 4, 5, 6, 7,
                8, 500_000, 200_000, 200_000, 500_000, 10_000, 500_000, 4_000_000));
    }

    @Test
    void refusesANegativeValueNamingSampleValueAndType() {
        PprofProto.Profile negative = CPU.toBuilder().setSample(3, CPU.getSample(3).toBuilder().setValue(1, -5)).build();

        assertProblem(DEFAULTS, negative, Problem.NEGATIVE_VALUE,
                "sample 3 has value -5 for sample type cpu/nanoseconds; values must not be negative");
    }

    @Test
    void acceptsZeroValues() throws InvalidProfileException {
        PprofProto.Profile zero = CPU.toBuilder().setSample(3, CPU.getSample(3).toBuilder().setValue(0, 0).setValue(1, 0)).build();

        assertThat(new PprofDecoder(DEFAULTS).decode(zero.toByteArray()).samples().get(3).values()).containsExactly(0, 0);
    }

    @Test
    void refusesMoreSampleTypesThanTheLimit() throws InvalidProfileException {
        assertAccepted(limits(2, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20));
        assertProblem(limits(1, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20), CPU,
                Problem.TOO_MANY_SAMPLE_TYPES, "pprof has 2 sample types, more than the limit of 1");
    }

    @Test
    void refusesEachSymbolTableOverItsLimit() throws InvalidProfileException {
        int strings = CPU.getStringTableCount();
        int functions = CPU.getFunctionCount();
        int locations = CPU.getLocationCount();
        int lines = CPU.getLocationList().stream().mapToInt(PprofProto.Location::getLineCount).sum();
        int mappings = CPU.getMappingCount();
        assertThat(lines).isGreaterThan(locations);
        assertAccepted(limits(2, strings, functions, locations, lines, mappings, 1 << 20, 1 << 20));

        assertProblem(limits(2, strings - 1, functions, locations, lines, mappings, 1 << 20, 1 << 20), CPU,
                Problem.TOO_MANY_SYMBOLS, "pprof has " + strings + " string_table entries, more than the limit of " + (strings - 1));
        assertProblem(limits(2, strings, functions - 1, locations, lines, mappings, 1 << 20, 1 << 20), CPU,
                Problem.TOO_MANY_SYMBOLS, "pprof has " + functions + " functions, more than the limit of " + (functions - 1));
        assertProblem(limits(2, strings, functions, locations - 1, lines, mappings, 1 << 20, 1 << 20), CPU,
                Problem.TOO_MANY_SYMBOLS, "pprof has " + locations + " locations, more than the limit of " + (locations - 1));
        assertProblem(limits(2, strings, functions, locations, lines - 1, mappings, 1 << 20, 1 << 20), CPU,
                Problem.TOO_MANY_SYMBOLS, "pprof has " + lines + " lines (summed over its locations), more than the limit of " + (lines - 1));
        assertProblem(limits(2, strings, functions, locations, lines, mappings - 1, 1 << 20, 1 << 20), CPU,
                Problem.TOO_MANY_SYMBOLS, "pprof has " + mappings + " mappings, more than the limit of " + (mappings - 1));
    }

    /** Go's heap profile gives every sample one numeric label ("bytes"); numeric labels count too. */
    @Test
    void refusesMoreSampleLabelsThanTheLimit() throws InvalidProfileException {
        PprofProto.Profile heap = Fixtures.proto("heap-1.pb.gz");
        int labels = heap.getSampleList().stream().mapToInt(PprofProto.Sample::getLabelCount).sum();
        assertThat(labels).isEqualTo(heap.getSampleCount());

        assertThat(new PprofDecoder(limits(8, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, labels, 1 << 20))
                .decode(heap.toByteArray()).samples()).hasSize(heap.getSampleCount());
        assertProblem(limits(8, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, labels - 1, 1 << 20), heap,
                Problem.TOO_MANY_SAMPLE_LABELS,
                "pprof has " + labels + " sample labels (summed over its samples), more than the limit of " + (labels - 1));
    }

    /** The 20 samples of cpu-1 have 20 distinct location sequences, so every stack counts. */
    @Test
    void countsTheFramesOfDistinctStacksAgainstTheBudget() throws InvalidProfileException {
        DecodedPprof decoded = new PprofDecoder(DEFAULTS).decode(CPU.toByteArray());
        long frames = decoded.samples().stream().mapToLong(sample -> sample.stack().length).sum();
        long upToLast = frames - decoded.samples().get(19).stack().length;

        assertAccepted(limits(2, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, (int) frames));
        assertProblem(limits(2, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, 1 << 20, (int) upToLast), CPU,
                Problem.TOO_MANY_STACK_FRAMES, "the distinct stacks up to sample 19 hold " + frames
                        + " frames after inline expansion, more than the limit of " + upToLast);
    }

    @Test
    void samplesWithTheSameLocationsAndLabelsShareOneStackAndOneLabelSet() throws InvalidProfileException {
        int size = CPU.getStringTableCount();
        PprofProto.Label label = PprofProto.Label.newBuilder().setKey(size).setStr(size + 1).build();
        PprofProto.Sample sample = CPU.getSample(0).toBuilder().addLabel(label).build();
        PprofProto.Profile twice = CPU.toBuilder().addStringTable("span").addStringTable("a")
                .setSample(0, sample).addSample(sample).build();

        DecodedPprof decoded = new PprofDecoder(DEFAULTS).decode(twice.toByteArray());

        DecodedPprof.Sample first = decoded.samples().get(0);
        DecodedPprof.Sample last = decoded.samples().get(decoded.samples().size() - 1);
        assertThat(last.stack()).isSameAs(first.stack());
        assertThat(last.labels()).isSameAs(first.labels());
        assertThat(first.labels().get("span")).isEqualTo("a");
    }

    private static void assertAccepted(ProfileLimits limits) throws InvalidProfileException {
        assertThat(new PprofDecoder(limits).decode(CPU.toByteArray()).samples()).hasSize(CPU.getSampleCount());
    }

    private static void assertProblem(ProfileLimits limits, PprofProto.Profile profile, Problem problem, String message) {
        ThrowableAssert.ThrowingCallable decode = () -> new PprofDecoder(limits).decode(profile.toByteArray());
        assertThatThrownBy(decode)
                .isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessage(message);
    }

    private static ProfileLimits limits(int sampleTypes, int strings, int functions, int locations, int lines,
                                        int mappings, int sampleLabels, int stackFrames) {
        return new ProfileLimits(DEFAULTS.maxCompressedBytes(), DEFAULTS.maxDecompressedBytes(), DEFAULTS.maxSamples(),
                DEFAULTS.maxStackDepth(), DEFAULTS.maxLabelsPerSeries(), DEFAULTS.maxLabelNameLength(),
                DEFAULTS.maxLabelValueLength(), sampleTypes, strings, functions, locations, lines, mappings,
                sampleLabels, stackFrames);
    }
}

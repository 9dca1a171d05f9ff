package dev.pyrometer.profile.folded;

import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.DecodedPprof;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FoldedStacksTest {
    private static final ProfileLimits LIMITS = ProfileLimits.defaults();
    private static final FoldedSampleType CPU = new FoldedSampleType("cpu", "nanoseconds", "cpu", "nanoseconds", 10_000_000L, 10_000_000L);
    private static final FoldedSampleType COUNT = new FoldedSampleType("samples", "count", "", "", 0, 1);

    @Test
    void equalStacksAreSummedRootFirstFramesBecomeLeafFirstLocations() throws Exception {
        PprofProto.Profile pprof = PprofProto.Profile.parseFrom(FoldedStacks.toPprof(
                bytes("main;work;spin 30\n\nmain;work 10\r\nmain;work;spin 2\n"), FoldedStacks.Format.FOLDED, CPU, 7, 9, LIMITS));

        assertThat(pprof.getTimeNanos()).isEqualTo(7);
        assertThat(pprof.getDurationNanos()).isEqualTo(9);
        assertThat(pprof.getPeriod()).isEqualTo(10_000_000L);
        assertThat(pprof.getStringTable((int) pprof.getSampleType(0).getType())).isEqualTo("cpu");
        assertThat(pprof.getSampleCount()).isEqualTo(2);
        assertThat(pprof.getSample(0).getValue(0)).isEqualTo(320_000_000L);
        assertThat(pprof.getSample(0).getLocationIdList()).extracting(id -> name(pprof, id)).containsExactly("spin", "work", "main");
        assertThat(pprof.getSample(1).getValue(0)).isEqualTo(100_000_000L);

        // The pprof decodes and splits like any upload: one series of 42 samples × 10 ms.
        DecodedPprof decoded = new PprofDecoder(LIMITS).decode(FoldedStacks.toPprof(
                bytes("main;work;spin 30\nmain;work 10\nmain;work;spin 2"), FoldedStacks.Format.FOLDED, CPU, 7, 0, LIMITS));
        List<SeriesProfile> series = new SeriesSplitter(new SeriesLabelRules(LIMITS))
                .split(decoded, new UploadContext(LabelSet.of(Map.of("service_name", "a")), "process_cpu", 7, 0, 7));
        assertThat(series).singleElement().satisfies(s -> {
            assertThat(s.type().id()).isEqualTo("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
            assertThat(s.total()).isEqualTo(420_000_000L);
        });
    }

    @Test
    void linesCountOneEach() throws Exception {
        PprofProto.Profile pprof = PprofProto.Profile.parseFrom(FoldedStacks.toPprof(
                bytes("a;b\na;b\na;c\n"), FoldedStacks.Format.LINES, COUNT, 1, 0, LIMITS));
        assertThat(pprof.getSampleList()).extracting(s -> s.getValue(0)).containsExactly(2L, 1L);
        assertThat(pprof.hasPeriodType()).isFalse();
    }

    @Test
    void badTextIsRefusedNamingTheLine() {
        assertRefused("a;b 1\na;b x\n", Problem.MALFORMED, "line 2 has count 'x'");
        assertRefused("a;b 1\nab\n", Problem.MALFORMED, "line 2 has no count");
        assertRefused("a;;b 1\n", Problem.MALFORMED, "line 1 has an empty frame");
        assertRefused("a;b -3\n", Problem.MALFORMED, "not a non-negative integer");
        assertRefused("a 99999999999999999999\n", Problem.MALFORMED, "not a non-negative integer");
        assertRefused("x;".repeat(LIMITS.maxStackDepth()) + "y 1", Problem.STACK_TOO_DEEP, "line 1 has 1025 frames");
        InvalidProfileException notUtf8 = catchThrowableOfType(InvalidProfileException.class, () -> FoldedStacks.toPprof(
                new byte[] {'a', (byte) 0xff, ' ', '1'}, FoldedStacks.Format.FOLDED, COUNT, 1, 0, LIMITS));
        assertThat(notUtf8.getMessage()).contains("not UTF-8");
    }

    @Test
    void distinctStacksAreBoundedByMaxSamples() {
        ProfileLimits small = new ProfileLimits(LIMITS.maxCompressedBytes(), LIMITS.maxDecompressedBytes(), 3, 1024, 32, 128, 1024);
        InvalidProfileException e = catchThrowableOfType(InvalidProfileException.class, () -> FoldedStacks.toPprof(
                bytes("a 1\nb 1\nc 1\na 5\nd 1\n"), FoldedStacks.Format.FOLDED, COUNT, 1, 0, small));
        assertThat(e.problem()).isEqualTo(Problem.TOO_MANY_SAMPLES);
        assertThat(e.getMessage()).contains("more than 3 distinct stacks (at line 5)");
    }

    private static void assertRefused(String text, Problem problem, String message) {
        InvalidProfileException e = catchThrowableOfType(InvalidProfileException.class,
                () -> FoldedStacks.toPprof(bytes(text), FoldedStacks.Format.FOLDED, COUNT, 1, 0, LIMITS));
        assertThat(e).as(text).isNotNull();
        assertThat(e.problem()).isEqualTo(problem);
        assertThat(e.getMessage()).contains(message);
    }

    private static String name(PprofProto.Profile pprof, long locationId) {
        PprofProto.Location location = pprof.getLocation((int) locationId - 1);
        return pprof.getStringTable((int) pprof.getFunction((int) location.getLine(0).getFunctionId() - 1).getName());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

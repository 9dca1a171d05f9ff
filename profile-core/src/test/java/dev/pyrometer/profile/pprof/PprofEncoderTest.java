package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.merge.ProfileMerger;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.testing.GoPprof;
import dev.pyrometer.profile.testing.PprofRaw;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.profile.top.GoldenTop;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PprofEncoderTest {
    private static final ProfileType CPU = ProfileType.parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds");

    @TempDir
    Path directory;

    static Stream<Arguments> capturesAndSampleTypes() {
        return Fixtures.allCaptures().stream().flatMap(capture -> Fixtures.decode(capture).sampleTypes().stream()
                .map(type -> Arguments.of(capture, type.type())));
    }

    /**
     * Decode → split → (merge the series of the sample type) → encode, then {@code go tool pprof} reads the
     * export: {@code -top} equals the capture's golden table (pprof over the original capture), and
     * {@code -raw} shows exactly the model's stacks and values. pprof's {@code -raw} leaves out samples with
     * no frames (it does so for Go's own goroutine and threadcreate captures too); that they are in the
     * export shows in the {@code -top} total, which counts them.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("capturesAndSampleTypes")
    void goToolPprofReadsTheExportAsTheOriginal(String capture, String sampleType) throws IOException {
        SeriesProfile profile = ProfileMerger.merge(Fixtures.series(capture).stream()
                .filter(series -> series.type().sampleType().equals(sampleType)).toList());
        Path export = directory.resolve(capture);
        Files.write(export, PprofEncoder.encode(profile));

        GoldenTop golden = GoldenTop.load("/golden/top/" + capture.replace(".pb.gz", "") + "." + sampleType + ".txt");
        GoldenTop top = GoldenTop.parse(export.toString(), GoPprof.top(sampleType, profile.type().sampleUnit(), export));
        assertThat(top).isEqualTo(golden);
        assertThat(FunctionTotals.of(List.of(profile)).rows()).containsExactlyElementsOf(top.rows());

        Map<List<Frame>, Long> withFrames = new HashMap<>(profile.valuesByStack());
        withFrames.remove(List.of());
        assertThat(PprofRaw.valuesByStack(GoPprof.raw(export), 0)).isEqualTo(withFrames);
    }

    @Test
    void writesTypesPeriodTimesAndASymbolTableStartingWithTheEmptyString() {
        FrameTable frames = new FrameTable();
        int leaf = frames.intern(new Frame("main.leaf", "main.go", 7));
        int leafOtherLine = frames.intern(new Frame("main.leaf", "main.go", 9));
        int main = frames.intern(new Frame("main.main", "main.go", 3));
        SeriesProfile profile = new SeriesProfile(CPU, LabelSet.EMPTY, 1_700_000_000_000_000_000L, 10_000_000_000L, 10_000_000,
                frames, new int[][] {{leaf, main}, {leafOtherLine, main}, {}}, new long[] {30, 20, 10});

        PprofProto.Profile proto = PprofEncoder.toProto(profile);

        assertThat(proto.getStringTableList()).containsExactly("", "cpu", "nanoseconds", "main.leaf", "main.go", "main.main");
        assertThat(proto.getSampleTypeList()).containsExactly(valueType(1, 2));
        assertThat(proto.getPeriodType()).isEqualTo(valueType(1, 2));
        assertThat(proto.getPeriod()).isEqualTo(10_000_000);
        assertThat(proto.getTimeNanos()).isEqualTo(1_700_000_000_000_000_000L);
        assertThat(proto.getDurationNanos()).isEqualTo(10_000_000_000L);
        assertThat(proto.getFunctionList()).extracting(f -> List.of(f.getId(), f.getName(), f.getSystemName(), f.getFilename()))
                .containsExactly(List.of(1L, 3L, 3L, 4L), List.of(2L, 5L, 5L, 4L));
        assertThat(proto.getLocationList()).extracting(l -> List.of(l.getId(), l.getLine(0).getFunctionId(), l.getLine(0).getLine(),
                        (long) l.getLineCount(), l.getMappingId(), l.getAddress()))
                .containsExactly(List.of(1L, 1L, 7L, 1L, 0L, 0L), List.of(2L, 2L, 3L, 1L, 0L, 0L), List.of(3L, 1L, 9L, 1L, 0L, 0L));
        assertThat(proto.getSampleList()).extracting(s -> List.of(s.getLocationIdList(), s.getValueList()))
                .containsExactly(List.of(List.of(1L, 2L), List.of(30L)), List.of(List.of(3L, 2L), List.of(20L)),
                        List.of(List.of(), List.of(10L)));
    }

    @Test
    void encodingIsDeterministicAndOurDecoderReadsItBack() throws InvalidProfileException {
        SeriesProfile profile = ProfileMerger.merge(Fixtures.series("heap-3.pb.gz").stream()
                .filter(series -> series.type().sampleType().equals("inuse_space")).toList());

        byte[] first = PprofEncoder.encode(profile);
        byte[] second = PprofEncoder.encode(profile);
        DecodedPprof decoded = new PprofDecoder(ProfileLimits.defaults()).decode(first);

        assertThat(first).isEqualTo(second);
        assertThat(decoded.sampleTypes()).containsExactly(new DecodedPprof.ValueType("inuse_space", "bytes"));
        assertThat(decoded.periodType()).isEqualTo(new DecodedPprof.ValueType("space", "bytes"));
        assertThat(decoded.period()).isEqualTo(profile.period());
        assertThat(decoded.timeNanos()).isEqualTo(profile.timeNanos());
        SeriesProfile again = new SeriesProfile(profile.type(), profile.labels(), 0, 0, 0, decoded.frames(),
                decoded.samples().stream().map(DecodedPprof.Sample::stack).toArray(int[][]::new),
                decoded.samples().stream().mapToLong(sample -> sample.values()[0]).toArray());
        assertThat(again.valuesByStack()).isEqualTo(profile.valuesByStack());
    }

    private static PprofProto.ValueType valueType(long type, long unit) {
        return PprofProto.ValueType.newBuilder().setType(type).setUnit(unit).build();
    }
}

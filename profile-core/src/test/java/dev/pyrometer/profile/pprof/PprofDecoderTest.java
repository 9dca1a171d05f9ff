package dev.pyrometer.profile.pprof;

import com.google.protobuf.CodedInputStream;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PprofDecoderTest {
    private static final String MAIN_GO = "/tmp/ceo/go/seedapp/main.go";
    private static final PprofDecoder DECODER = new PprofDecoder(ProfileLimits.defaults());

    static List<String> captures() {
        return Fixtures.allCaptures();
    }

    /** Checked against the same capture read by the generated protobuf parser alone. */
    @ParameterizedTest
    @MethodSource("captures")
    void everyCaptureDecodesWithAllSamplesAndValues(String capture) throws InvalidProfileException {
        PprofProto.Profile raw = Fixtures.proto(capture);

        DecodedPprof decoded = DECODER.decode(Fixtures.bytes(capture));

        assertThat(decoded.samples()).hasSize(raw.getSampleCount());
        for (int i = 0; i < raw.getSampleCount(); i++) {
            PprofProto.Sample sample = raw.getSample(i);
            assertThat(decoded.samples().get(i).values()).containsExactly(
                    sample.getValueList().stream().mapToLong(Long::longValue).toArray());
            int lines = 0;
            for (long locationId : sample.getLocationIdList()) {
                lines += raw.getLocationList().stream().filter(l -> l.getId() == locationId).findFirst().orElseThrow().getLineCount();
            }
            assertThat(decoded.samples().get(i).stack()).hasSize(lines);
        }
        assertThat(decoded.timeNanos()).isEqualTo(raw.getTimeNanos()).isPositive();
        assertThat(decoded.period()).isEqualTo(raw.getPeriod());
    }

    @Test
    void plainProtobufDecodesLikeGzip() throws InvalidProfileException {
        DecodedPprof gzipped = DECODER.decode(Fixtures.bytes("cpu-1.pb.gz"));
        DecodedPprof plain = DECODER.decode(Fixtures.proto("cpu-1.pb.gz").toByteArray());

        assertThat(plain.samples()).hasSameSizeAs(gzipped.samples());
        for (int i = 0; i < plain.samples().size(); i++) {
            assertThat(frames(plain, i)).isEqualTo(frames(gzipped, i));
            assertThat(plain.samples().get(i).values()).isEqualTo(gzipped.samples().get(i).values());
        }
    }

    @Test
    void nulCharactersInSymbolsBecomeReplacementCharacters() throws InvalidProfileException {
        PprofProto.Profile raw = Fixtures.proto("cpu-1.pb.gz");
        PprofProto.Function first = raw.getFunction(0);
        PprofProto.Profile withNul = raw.toBuilder()
                .setStringTable((int) first.getName(), "main.a\0b").setStringTable((int) first.getFilename(), "x\0.go").build();

        DecodedPprof decoded = DECODER.decode(withNul.toByteArray());

        boolean found = false;
        for (int i = 0; i < decoded.frames().size(); i++) {
            if (decoded.frames().get(i).function().equals("main.a\uFFFDb")) {
                assertThat(decoded.frames().get(i).file()).isEqualTo("x\uFFFD.go");
                found = true;
            }
            assertThat(decoded.frames().get(i).function()).doesNotContain("\0");
        }
        assertThat(found).isTrue();
    }

    /** Expected values read with {@code go tool pprof -raw cpu-1.pb.gz}. */
    @Test
    void cpuProfileExpandsInlineFramesInnermostFirst() throws InvalidProfileException {
        DecodedPprof cpu = DECODER.decode(Fixtures.bytes("cpu-1.pb.gz"));

        assertThat(cpu.sampleTypes()).containsExactly(
                new DecodedPprof.ValueType("samples", "count"), new DecodedPprof.ValueType("cpu", "nanoseconds"));
        assertThat(cpu.periodType()).isEqualTo(new DecodedPprof.ValueType("cpu", "nanoseconds"));
        assertThat(cpu.period()).isEqualTo(10_000_000L);
        assertThat(cpu.timeNanos()).isEqualTo(1795607468070772370L);
        assertThat(cpu.durationNanos()).isEqualTo(5132916687L);
        assertThat(cpu.defaultSampleType()).isEmpty();
        assertThat(cpu.samples()).hasSize(20);

        // Location 1 (0x670e2f) has two lines: increase2000 inlined into IncreaseIntGoroutine.func1.
        assertThat(frames(cpu, 0)).containsExactly(
                new Frame("main.increase2000", MAIN_GO, 26),
                new Frame("main.IncreaseIntGoroutine.func1", MAIN_GO, 46));
        assertThat(cpu.samples().get(0).values()).containsExactly(40, 400_000_000);
        // Location 2: increase2000 line 27 inlined into IncreaseInt.
        assertThat(frames(cpu, 1)).containsExactly(
                new Frame("main.increase2000", MAIN_GO, 27),
                new Frame("main.IncreaseInt", MAIN_GO, 35));
        // Locations 3 and 4: an asyncPreempt leaf above an inlined pair, three frames from two locations.
        assertThat(frames(cpu, 2)).containsExactly(
                new Frame("runtime.asyncPreempt", "/usr/lib/go-1.19/src/runtime/preempt_amd64.s", 7),
                new Frame("main.increase2000", MAIN_GO, 26),
                new Frame("main.IncreaseIntGoroutine.func1", MAIN_GO, 46));
        assertThat(cpu.samples().get(2).values()).containsExactly(9, 90_000_000);
        // Frames are interned: the same function and line from different addresses is one frame.
        assertThat(cpu.samples().get(2).stack()[1]).isEqualTo(cpu.samples().get(0).stack()[0]);
    }

    /**
     * heap sets no default_sample_type, so pprof's default applies: the last type, inuse_space.
     * allocs names alloc_space. Heap samples carry only the numeric label "bytes", which is not kept.
     */
    @Test
    void heapHasFourSampleTypesAndDropsNumericLabels() throws InvalidProfileException {
        DecodedPprof heap = DECODER.decode(Fixtures.bytes("heap-1.pb.gz"));
        DecodedPprof allocs = DECODER.decode(Fixtures.bytes("allocs-1.pb.gz"));

        List<DecodedPprof.ValueType> memoryTypes = List.of(
                new DecodedPprof.ValueType("alloc_objects", "count"),
                new DecodedPprof.ValueType("alloc_space", "bytes"),
                new DecodedPprof.ValueType("inuse_objects", "count"),
                new DecodedPprof.ValueType("inuse_space", "bytes"));
        assertThat(heap.sampleTypes()).isEqualTo(memoryTypes);
        assertThat(heap.defaultSampleType()).isEmpty();
        assertThat(heap.sampleTypes().get(heap.sampleTypes().size() - 1).type()).isEqualTo("inuse_space");
        assertThat(allocs.sampleTypes()).isEqualTo(memoryTypes);
        assertThat(allocs.defaultSampleType()).isEqualTo("alloc_space");
        assertThat(heap.periodType()).isEqualTo(new DecodedPprof.ValueType("space", "bytes"));
        assertThat(heap.period()).isEqualTo(524288);

        PprofProto.Profile raw = Fixtures.proto("heap-1.pb.gz");
        PprofProto.Label bytesLabel = raw.getSample(0).getLabel(0);
        assertThat(raw.getStringTable((int) bytesLabel.getKey())).isEqualTo("bytes");
        assertThat(bytesLabel.getNum()).isEqualTo(208);
        assertThat(heap.samples().get(0).labels()).isEqualTo(LabelSet.EMPTY);
        assertThat(heap.samples().get(0).values()).containsExactly(2521, 524392, 2521, 524392);
    }

    @Test
    void keepsStringLabelsBesideNumericOnes() throws InvalidProfileException {
        PprofProto.Profile raw = Fixtures.proto("heap-1.pb.gz");
        int size = raw.getStringTableCount();
        PprofProto.Profile labelled = raw.toBuilder()
                .addStringTable("span id").addStringTable("abc")
                .setSample(0, raw.getSample(0).toBuilder()
                        .addLabel(PprofProto.Label.newBuilder().setKey(size).setStr(size + 1)))
                .build();

        DecodedPprof decoded = DECODER.decode(labelled.toByteArray());

        assertThat(decoded.samples().get(0).labels()).isEqualTo(LabelSet.of(List.of(new Label("span id", "abc"))));
        assertThat(decoded.samples().get(1).labels()).isEqualTo(LabelSet.EMPTY);
    }

    @Test
    void refusesAnEmptyPayload() {
        assertProblem(() -> DECODER.decode(new byte[0]), Problem.NOT_PPROF, "pprof payload is empty");
    }

    @Test
    void refusesTextThatIsNeitherGzipNorProtobuf() {
        byte[] text = "<html><body>404 page not found</body></html>\n".getBytes(StandardCharsets.UTF_8);

        assertProblem(() -> DECODER.decode(text), Problem.NOT_PPROF, "not a pprof protobuf");
    }

    @Test
    void refusesRandomBytes() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);
        noise[0] = 0x08; // not the gzip magic

        assertProblem(() -> DECODER.decode(noise), Problem.NOT_PPROF, "not a pprof protobuf");
    }

    @Test
    void refusesCorruptGzip() {
        byte[] corrupt = Fixtures.bytes("cpu-1.pb.gz");
        Arrays.fill(corrupt, 10, 40, (byte) 0xff);

        assertProblem(() -> DECODER.decode(corrupt), Problem.NOT_PPROF, "corrupt gzip stream");
    }

    @Test
    void refusesTruncatedGzip() {
        byte[] capture = Fixtures.bytes("cpu-1.pb.gz");
        byte[] half = Arrays.copyOf(capture, capture.length / 2);

        assertProblem(() -> DECODER.decode(half), Problem.TRUNCATED, "gzip stream is truncated");
    }

    @Test
    void refusesTruncatedProtobuf() {
        byte[] plain = Fixtures.plain("cpu-1.pb.gz");
        byte[] half = Arrays.copyOf(plain, plain.length / 2);

        assertProblem(() -> DECODER.decode(half), Problem.TRUNCATED, "pprof protobuf is truncated");
    }

    /**
     * Protobuf has no end marker: a cut that falls between two top-level fields leaves a shorter,
     * well-formed message. Such a cut is still refused, because Go writes the string table last and
     * every later part refers to earlier ones; a cut inside a field is reported as truncated.
     */
    @Test
    void refusesEveryTruncationOfARealCapture() throws IOException {
        byte[] plain = Fixtures.plain("cpu-1.pb.gz");
        Set<Integer> fieldBoundaries = topLevelFieldBoundaries(plain);
        assertThat(fieldBoundaries).hasSizeGreaterThan(100);

        for (int length = 1; length < plain.length; length++) {
            byte[] cut = Arrays.copyOf(plain, length);
            boolean insideAField = !fieldBoundaries.contains(length);
            String what = "cut at " + length;
            assertThatThrownBy(() -> DECODER.decode(cut)).as(what).isInstanceOfSatisfying(InvalidProfileException.class,
                    e -> assertThat(e.problem() == Problem.TRUNCATED).as(what).isEqualTo(insideAField));
        }
    }

    /** 100 MB of zeros gzip to about 100 KB; inflating must stop at the 32 MB limit. */
    @Test
    void refusesAGzipBomb() {
        byte[] bomb = gzippedZeros(100 << 20);
        assertThat(bomb.length).isLessThan(ProfileLimits.defaults().maxCompressedBytes());

        assertProblem(() -> DECODER.decode(bomb), Problem.DECOMPRESSED_TOO_LARGE,
                "decompressed pprof exceeds the limit of 33554432 bytes");
    }

    @Test
    void refusesAPlainPayloadOverTheDecompressedLimit() {
        byte[] plain = Fixtures.proto("cpu-1.pb.gz").toByteArray();
        PprofDecoder decoder = new PprofDecoder(limits(1 << 20, plain.length - 1, 1000, 100));

        assertProblem(() -> decoder.decode(plain), Problem.DECOMPRESSED_TOO_LARGE,
                "decompressed pprof exceeds the limit of " + (plain.length - 1) + " bytes");
    }

    @Test
    void refusesAPayloadOverTheCompressedLimit() throws InvalidProfileException {
        byte[] capture = Fixtures.bytes("cpu-1.pb.gz");
        new PprofDecoder(limits(capture.length, 1 << 20, 1000, 100)).decode(capture);
        PprofDecoder decoder = new PprofDecoder(limits(capture.length - 1, 1 << 20, 1000, 100));

        assertProblem(() -> decoder.decode(capture), Problem.COMPRESSED_TOO_LARGE,
                "pprof payload is " + capture.length + " bytes, more than the limit of " + (capture.length - 1));
    }

    @Test
    void refusesASampleWithADanglingLocation() {
        PprofProto.Profile raw = Fixtures.proto("cpu-1.pb.gz");
        PprofProto.Profile bad = raw.toBuilder().setSample(3, raw.getSample(3).toBuilder().addLocationId(999)).build();

        assertProblem(() -> DECODER.decode(gzip(bad)), Problem.DANGLING_REFERENCE,
                "sample 3 refers to location 999, which does not exist");
    }

    @Test
    void refusesALocationLineWithADanglingFunction() {
        PprofProto.Profile raw = Fixtures.proto("cpu-1.pb.gz");
        PprofProto.Location location = raw.getLocation(0);
        PprofProto.Profile bad = raw.toBuilder()
                .setLocation(0, location.toBuilder().setLine(1, location.getLine(1).toBuilder().setFunctionId(777)))
                .build();

        assertProblem(() -> DECODER.decode(gzip(bad)), Problem.DANGLING_REFERENCE,
                "location " + location.getId() + " refers to function 777, which does not exist");
    }

    @Test
    void refusesAStringIndexBeyondTheTable() {
        PprofProto.Profile raw = Fixtures.proto("cpu-1.pb.gz");
        PprofProto.Function function = raw.getFunction(0);
        int size = raw.getStringTableCount();
        PprofProto.Profile bad = raw.toBuilder().setFunction(0, function.toBuilder().setName(size)).build();

        assertProblem(() -> DECODER.decode(gzip(bad)), Problem.STRING_INDEX_OUT_OF_RANGE,
                "function " + function.getId() + " name has string index " + size
                        + ", outside the string table of " + size + " entries");
    }

    @Test
    void refusesMoreSamplesThanTheLimit() throws InvalidProfileException {
        byte[] capture = Fixtures.bytes("cpu-1.pb.gz");
        new PprofDecoder(limits(1 << 20, 1 << 20, 20, 100)).decode(capture);
        PprofDecoder decoder = new PprofDecoder(limits(1 << 20, 1 << 20, 19, 100));

        assertProblem(() -> decoder.decode(capture), Problem.TOO_MANY_SAMPLES,
                "pprof has 20 samples, more than the limit of 19");
    }

    /** Depth counts frames after inline expansion: sample 2 of cpu-1 has two locations but three frames. */
    @Test
    void refusesAStackDeeperThanTheLimit() throws InvalidProfileException {
        byte[] capture = Fixtures.bytes("cpu-1.pb.gz");
        PprofDecoder decoder = new PprofDecoder(limits(1 << 20, 1 << 20, 1000, 2));

        assertProblem(() -> decoder.decode(capture), Problem.STACK_TOO_DEEP,
                "sample 2 has a stack of 3 frames, more than the limit of 2");
        assertThat(new PprofDecoder(limits(1 << 20, 1 << 20, 1000, 20)).decode(capture).samples()).hasSize(20);
        assertProblem(() -> new PprofDecoder(limits(1 << 20, 1 << 20, 1000, 19)).decode(capture), Problem.STACK_TOO_DEEP,
                "sample 16 has a stack of 20 frames, more than the limit of 19");
    }

    private static void assertProblem(ThrowableAssert.ThrowingCallable decode, Problem problem, String message) {
        assertThatThrownBy(decode)
                .isInstanceOfSatisfying(InvalidProfileException.class, e -> assertThat(e.problem()).isEqualTo(problem))
                .hasMessageContaining(message);
    }

    private static Set<Integer> topLevelFieldBoundaries(byte[] message) throws IOException {
        Set<Integer> boundaries = new HashSet<>();
        CodedInputStream in = CodedInputStream.newInstance(message);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            in.skipField(tag);
            boundaries.add(in.getTotalBytesRead());
        }
        return boundaries;
    }

    private static List<Frame> frames(DecodedPprof pprof, int sample) {
        return Arrays.stream(pprof.samples().get(sample).stack()).mapToObj(pprof.frames()::get).toList();
    }

    private static ProfileLimits limits(int maxCompressed, int maxDecompressed, int maxSamples, int maxDepth) {
        ProfileLimits defaults = ProfileLimits.defaults();
        return new ProfileLimits(maxCompressed, maxDecompressed, maxSamples, maxDepth,
                defaults.maxLabelsPerSeries(), defaults.maxLabelNameLength(), defaults.maxLabelValueLength());
    }

    private static byte[] gzip(PprofProto.Profile profile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            profile.writeTo(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Streams zeros through the compressor so that only the compressed bytes are ever held. */
    private static byte[] gzippedZeros(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[64 * 1024];
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, zeros.length)) {
            for (int written = 0; written < size; written += zeros.length) {
                gzip.write(zeros, 0, Math.min(zeros.length, size - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

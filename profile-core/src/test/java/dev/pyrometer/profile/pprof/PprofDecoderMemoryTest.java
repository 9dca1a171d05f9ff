package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.testing.WirePprof;

import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile profiles cost bounded heap. Heap is measured as the bytes the decoding thread allocates
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}), which is deterministic and
 * at least what the decode retains; every case must stay below {@link ProfileLimits#decodeHeapBound()}
 * and below a tighter figure of its own.
 */
class PprofDecoderMemoryTest {
    private static final ProfileLimits LIMITS = ProfileLimits.defaults();
    private static final PprofDecoder DECODER = new PprofDecoder(LIMITS);
    private static final long MIB = 1 << 20;

    @BeforeAll
    static void loadDecoderClasses() throws InvalidProfileException {
        DECODER.decode(Fixtures.bytes("heap-1.pb.gz"));
    }

    /** 381 MiB; docs/ingest.md states the same figure. */
    @Test
    void theDefaultBoundIs399667472Bytes() {
        assertThat(LIMITS.decodeHeapBound()).isEqualTo(399_667_472L);
    }

    /** 46 KB of gzip, 32 MB inflated: refused by the census, holding only the inflated bytes. */
    @Test
    void fourMillionOneFrameSamplesAreRefusedBeforeAllocatingSamples() {
        byte[] gzip = oneFrameProfile().samples(4_000_000, new long[] {1}, new long[] {1}).gzipped();
        int plainSize = 32_000_000 + 25;
        assertThat(gzip.length).isLessThan(64 * 1024);

        Measured result = measure(gzip);

        assertThat(result.refusal().problem()).isEqualTo(Problem.TOO_MANY_SAMPLES);
        assertThat(result.refusal()).hasMessage("pprof has 4000000 samples, more than the limit of 200000");
        assertThat(result.allocated()).isBetween((long) plainSize, plainSize + MIB).isLessThan(LIMITS.decodeHeapBound());
    }

    /** Within every limit; decoded with one shared 1,024-frame stack instead of 200,000 copies (834 MB before). */
    @Test
    void oneLocationOf1024InlineLinesIn200000SamplesSharesOneStack() throws InvalidProfileException {
        long[] lines = LongStream.rangeClosed(1, 1024).toArray();
        byte[] gzip = oneFunction().location(1, 1, lines).samples(200_000, new long[] {1}, new long[] {7}).gzipped();

        Measured result = measure(gzip);

        DecodedPprof decoded = result.decoded();
        assertThat(decoded.samples()).hasSize(200_000);
        int[] first = decoded.samples().get(0).stack();
        assertThat(first).hasSize(1024);
        assertThat(decoded.samples()).allSatisfy(sample -> {
            assertThat(sample.stack()).isSameAs(first);
            assertThat(sample.values()).containsExactly(7);
        });
        assertThat(decoded.frames().size()).isEqualTo(1024);
        // 200,000 × (24-byte record + 24-byte values) plus the 1.6 MB protobuf, the frames and the stack.
        assertThat(result.allocated()).isLessThan(16 * MIB).isLessThan(LIMITS.decodeHeapBound());
    }

    /** 32 MB of one-character strings would be ~10 M String objects; the census refuses it first. */
    @Test
    void aStringTableOfTenMillionEntriesIsRefusedBeforeDecodingAnyString() {
        WirePprof pprof = new WirePprof().strings("", "cpu", "ns").sampleType(1, 2);
        String[] tiny = new String[10_000_000];
        Arrays.fill(tiny, "a");
        pprof.strings(tiny);
        long plainSize = pprof.plain().length;

        Measured result = measure(pprof.gzipped());

        assertThat(result.refusal().problem()).isEqualTo(Problem.TOO_MANY_SYMBOLS);
        assertThat(result.refusal()).hasMessage("pprof has 10000003 string_table entries, more than the limit of 500000");
        assertThat(result.allocated()).isBetween(plainSize, plainSize + MIB);
    }

    @Test
    void twoMillionFunctionsAreRefusedBeforeAnyTableIsAllocated() {
        WirePprof pprof = new WirePprof().strings("", "cpu", "ns", "f").sampleType(1, 2);
        for (int id = 1; id <= 2_000_000; id++) {
            pprof.function(id, 3, 3);
        }
        long plainSize = pprof.plain().length;

        Measured result = measure(pprof.gzipped());

        assertThat(result.refusal().problem()).isEqualTo(Problem.TOO_MANY_SYMBOLS);
        assertThat(result.refusal()).hasMessage("pprof has 2000000 functions, more than the limit of 200000");
        assertThat(result.allocated()).isBetween(plainSize, plainSize + MIB);
    }

    /**
     * 1,000 locations of 500 inline lines each (every line limit at its maximum), and samples
     * that each pair two of them: every stack is new and 1,000 frames deep, so the 4,001st
     * distinct stack passes the 4,000,000-frame budget.
     */
    @Test
    void distinctDeepStacksAreRefusedAtTheFrameBudget() {
        WirePprof pprof = oneFunction();
        long[] lines = LongStream.rangeClosed(1, 500).toArray();
        for (int id = 1; id <= 1000; id++) {
            pprof.location(id, 1, lines);
        }
        for (int i = 0; i < 5000; i++) {
            pprof.sample(new long[] {1 + i % 1000, 1 + (i / 1000 + 1 + i) % 1000}, new long[] {1});
        }
        byte[] gzip = pprof.gzipped();

        Measured result = measure(gzip);

        assertThat(result.refusal().problem()).isEqualTo(Problem.TOO_MANY_STACK_FRAMES);
        assertThat(result.refusal()).hasMessage("the distinct stacks up to sample 4000 hold 4001000 frames after inline"
                + " expansion, more than the limit of 4000000");
        assertThat(result.allocated()).isLessThan(64 * MIB).isLessThan(LIMITS.decodeHeapBound());
    }

    private static WirePprof oneFunction() {
        return new WirePprof().strings("", "cpu", "ns", "main.f", "main.go").sampleType(1, 2).function(1, 3, 4);
    }

    private static WirePprof oneFrameProfile() {
        return oneFunction().location(1, 1, 10);
    }

    private record Measured(DecodedPprof decoded, InvalidProfileException refusal, long allocated) {
    }

    private static Measured measure(byte[] payload) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        DecodedPprof decoded = null;
        InvalidProfileException refusal = null;
        long before = threads.getThreadAllocatedBytes(thread);
        try {
            decoded = DECODER.decode(payload);
        } catch (InvalidProfileException e) {
            refusal = e;
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        return new Measured(decoded, refusal, allocated);
    }
}

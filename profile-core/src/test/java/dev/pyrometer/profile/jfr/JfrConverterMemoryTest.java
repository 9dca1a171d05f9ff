package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recordings of a few KB that declare 2^31 - 1 of something are refused before anything of that
 * size is allocated. Heap is the bytes the converting thread allocates
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}); every case stays under
 * 1 MiB, about a hundred times the recording.
 */
class JfrConverterMemoryTest {
    private static final ProfileLimits LIMITS = ProfileLimits.defaults();
    private static final long BOUND = 1 << 20;

    @BeforeAll
    static void loadConverterClasses() throws InvalidProfileException {
        new JfrConverter(LIMITS).convert(recording(JfrTestRecording.Lie.NONE), null, 100);
    }

    /** 200 methods, two 100-frame stacks: about 4.5 KB honest. */
    static byte[] recording(JfrTestRecording.Lie lie) {
        JfrTestRecording recording = new JfrTestRecording(200);
        int a = recording.stack(IntStream.range(0, 100).toArray());
        int b = recording.stack(IntStream.range(100, 200).toArray());
        return recording.samples(a, 5).samples(b, 5).lie(lie).bytes();
    }

    @Test
    void theHonestRecordingConvertsInBoundedHeap() {
        Measured result = measure(recording(JfrTestRecording.Lie.NONE));
        assertThat(result.refusal()).isNull();
        assertThat(result.allocated()).isLessThan(BOUND);
    }

    @Test
    void aStringDeclaring2GiBIsRefused() {
        assertRefused(JfrTestRecording.Lie.STRING_LENGTH, "JFR string byte count 2147483647 exceeds the");
    }

    @Test
    void aPoolEventDeclaring2GiPoolsIsRefused() {
        assertRefused(JfrTestRecording.Lie.POOL_COUNT, "JFR constant pool count 2147483647 exceeds the");
    }

    @Test
    void aPoolDeclaring2GiEntriesIsRefused() {
        assertRefused(JfrTestRecording.Lie.POOL_ENTRY_COUNT, "JFR constant pool entry count 2147483647 exceeds the");
    }

    @Test
    void aStackDeclaring2GiFramesIsRefused() {
        assertRefused(JfrTestRecording.Lie.STACK_FRAME_COUNT, "JFR stack frame count 2147483647 exceeds the");
    }

    @Test
    void metadataDeclaring2GiStringsIsRefused() {
        assertRefused(JfrTestRecording.Lie.METADATA_STRING_COUNT, "JFR metadata string count 2147483647 exceeds the");
    }

    private static void assertRefused(JfrTestRecording.Lie lie, String message) {
        byte[] jfr = recording(lie);
        assertThat(jfr.length).isLessThan(8 * 1024);

        Measured result = measure(jfr);

        assertThat(result.refusal()).isNotNull();
        assertThat(result.refusal().problem()).isEqualTo(Problem.MALFORMED);
        assertThat(result.refusal().getMessage()).startsWith(message);
        assertThat(result.allocated()).isLessThan(BOUND);
    }

    private record Measured(InvalidProfileException refusal, long allocated) {
    }

    private static Measured measure(byte[] jfr) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        InvalidProfileException refusal = null;
        long before = threads.getThreadAllocatedBytes(thread);
        try {
            new JfrConverter(LIMITS).convert(jfr, null, 100);
        } catch (InvalidProfileException e) {
            refusal = e;
        }
        return new Measured(refusal, threads.getThreadAllocatedBytes(thread) - before);
    }
}

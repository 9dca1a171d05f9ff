package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.pprof.BoundedGunzip;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JfrConverterHostileTest {
    private static final ProfileLimits LIMITS = ProfileLimits.defaults();

    private static byte[] recording() throws Exception {
        return BoundedGunzip.inflate(CapturedUpload.load("cpu-alloc-lock-1").part("jfr"), 1 << 24);
    }

    private static InvalidProfileException refused(byte[] jfr) {
        return assertThrows(InvalidProfileException.class, () -> new JfrConverter(LIMITS).convert(jfr, null, 100));
    }

    @Test
    void emptyAndForeignBytesAreNotJfr() {
        assertEquals(Problem.NOT_JFR, refused(new byte[0]).problem());
        InvalidProfileException e = refused("definitely not a recording, just text long enough for a header........".getBytes());
        assertEquals(Problem.NOT_JFR, e.problem());
        assertTrue(e.getMessage().contains("no chunk magic"), e.getMessage());
    }

    @Test
    void everyCutOfTheRecordingIsRefusedAsTruncatedOrMalformed() throws Exception {
        byte[] full = recording();
        for (int cut : new int[] {10, 68, 100, full.length / 2, full.length - 1}) {
            Problem problem = refused(Arrays.copyOf(full, cut)).problem();
            assertTrue(problem == Problem.TRUNCATED || problem == Problem.NOT_JFR || problem == Problem.MALFORMED,
                    "cut at " + cut + ": " + problem);
        }
    }

    @Test
    void absurdChunkSizeIsTruncated() throws Exception {
        byte[] jfr = recording();
        ByteBuffer.wrap(jfr).putLong(8, Long.MAX_VALUE);
        InvalidProfileException e = refused(jfr);
        assertEquals(Problem.TRUNCATED, e.problem());
        assertTrue(e.getMessage().contains("declares " + Long.MAX_VALUE + " bytes"), e.getMessage());
    }

    @Test
    void metadataOffsetOutsideTheChunkIsMalformed() throws Exception {
        byte[] jfr = recording();
        ByteBuffer.wrap(jfr).putLong(24, 3);
        assertEquals(Problem.MALFORMED, refused(jfr).problem());
    }

    @Test
    void unsupportedVersionIsNotJfr() throws Exception {
        byte[] jfr = recording();
        ByteBuffer.wrap(jfr).putShort(4, (short) 9);
        InvalidProfileException e = refused(jfr);
        assertEquals(Problem.NOT_JFR, e.problem());
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    }

    @Test
    void randomByteFlipsNeverEscapeAsAnythingButInvalidProfile() throws Exception {
        byte[] full = recording();
        java.util.Random random = new java.util.Random(7);
        for (int round = 0; round < 300; round++) {
            byte[] jfr = full.clone();
            for (int flips = 0; flips < 4; flips++) {
                jfr[68 + random.nextInt(jfr.length - 68)] = (byte) random.nextInt(256);
            }
            try {
                new JfrConverter(LIMITS).convert(jfr, null, 100);
            } catch (InvalidProfileException expected) {
                // refused with a problem: fine
            }
        }
    }

    @Test
    void tooManySamplesForTheLimitsIsRefused() throws Exception {
        ProfileLimits tight = new ProfileLimits(4 << 20, 32 << 20, 10, 1024, 32, 128, 1024);
        InvalidProfileException e = assertThrows(InvalidProfileException.class,
                () -> new JfrConverter(tight).convert(recording(), null, 100));
        assertEquals(Problem.TOO_MANY_SAMPLES, e.problem());
    }

    @Test
    void labelsThatAreNotASnapshotAreMalformed() throws Exception {
        InvalidProfileException e = assertThrows(InvalidProfileException.class,
                () -> new JfrConverter(LIMITS).convert(recording(), new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, 100));
        assertEquals(Problem.MALFORMED, e.problem());
    }
}

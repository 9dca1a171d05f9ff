package dev.pyrometer.profile.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the pprof decoder. Invariant: any bytes either decode or are refused
 * with {@link InvalidProfileException}; any other exception or error (OutOfMemoryError included) is
 * a finding. The fuzz run's length is {@code -Djazzer.max_duration} (see profile-core/README.md).
 */
class PprofDecoderFuzzTest {
    private static final PprofDecoder DECODER = new PprofDecoder(ProfileLimits.defaults());

    @BeforeAll
    static void seedCorpus() {
        FuzzSeeds.write(PprofDecoderFuzzTest.class, "decode");
    }

    @FuzzTest
    void decode(byte[] data) {
        try {
            DECODER.decode(data);
        } catch (InvalidProfileException refused) {
            // The contract for bytes that are not an acceptable pprof.
        }
    }
}

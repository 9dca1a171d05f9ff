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
 *
 * <p>The limits are small so that inputs of a few KB, the size libFuzzer grows from the seeds,
 * reach every limit and its refusal; {@link SeriesSplitterFuzzTest} decodes with the defaults.
 */
class PprofDecoderFuzzTest {
    private static final ProfileLimits SMALL = new ProfileLimits(1 << 20, 64 << 10, 64, 32, 8, 32, 64,
            4, 128, 64, 64, 128, 8, 64, 256);
    private static final PprofDecoder DECODER = new PprofDecoder(SMALL);

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

package dev.pyrometer.profile.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/**
 * Coverage-guided fuzzing of decode then split, the ingest path. Invariant: any bytes either
 * become series profiles or are refused with {@link InvalidProfileException}; anything else is a
 * finding. The fuzz run's length is {@code -Djazzer.max_duration} (see profile-core/README.md).
 */
class SeriesSplitterFuzzTest {
    private static final ProfileLimits LIMITS = ProfileLimits.defaults();
    private static final PprofDecoder DECODER = new PprofDecoder(LIMITS);
    private static final SeriesSplitter SPLITTER = new SeriesSplitter(new SeriesLabelRules(LIMITS));
    private static final UploadContext UPLOAD =
            new UploadContext(LabelSet.of(Map.of(LabelSet.SERVICE_NAME, "fuzz")), null, 0, 0, 1);

    @BeforeAll
    static void seedCorpus() {
        FuzzSeeds.write(SeriesSplitterFuzzTest.class, "decodeAndSplit");
    }

    @FuzzTest
    void decodeAndSplit(byte[] data) {
        try {
            SPLITTER.split(DECODER.decode(data), UPLOAD);
        } catch (InvalidProfileException refused) {
            // The contract for bytes that are not an acceptable pprof.
        }
    }
}

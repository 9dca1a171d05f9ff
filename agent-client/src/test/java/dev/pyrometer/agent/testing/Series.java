package dev.pyrometer.agent.testing;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;

import java.util.List;
import java.util.Map;

/** Reads pprof bytes the way ingest-service does (profile-core's decoder and splitter), for assertions. */
public final class Series {
    private Series() {
    }

    /** The series the server would make of {@code pprof} sent with {@code profileName}. */
    public static List<SeriesProfile> of(byte[] pprof, String profileName) {
        try {
            UploadContext context = new UploadContext(LabelSet.of(Map.of(LabelSet.SERVICE_NAME, "test")), profileName, 0, 0, 1);
            return new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults()))
                    .split(new PprofDecoder(ProfileLimits.defaults()).decode(pprof), context);
        } catch (InvalidProfileException e) {
            throw new AssertionError("not a valid profile: " + e.getMessage(), e);
        }
    }

    /** The series of sample type {@code sampleType}. */
    public static SeriesProfile ofType(byte[] pprof, String profileName, String sampleType) {
        return of(pprof, profileName).stream().filter(s -> s.type().sampleType().equals(sampleType)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample type " + sampleType));
    }

    public static FunctionTotals top(byte[] pprof, String profileName, String sampleType) {
        return FunctionTotals.of(List.of(ofType(pprof, profileName, sampleType)));
    }
}

package dev.pyrometer.ingest.pipeline;

import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.DecodedPprof;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.storage.write.Upload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns one pushed profile into an {@link Upload} ready to store, or refuses it with the problem
 * named: an id is required, the pprof must decode within the limits, labels must follow the
 * rules, and it must carry a time (the request's start time or the pprof's time_nanos) inside
 * retention and not too far in the future. The time is required because stored rows are keyed by
 * (series, time, id): a time of receipt would differ on a retry, which would be stored twice.
 * Thread-safe.
 */
public final class UploadValidator {
    private final PprofDecoder decoder;
    private final SeriesSplitter splitter;
    private final Function<Instant, Instant> oldestAccepted;
    private final Duration maxFutureSkew;
    private final int maxIdLength = 256;

    /**
     * @param oldestAccepted for a time of receipt, the oldest snapshot time still kept by retention
     */
    public UploadValidator(ProfileLimits limits, Function<Instant, Instant> oldestAccepted, Duration maxFutureSkew) {
        this.decoder = new PprofDecoder(limits);
        this.splitter = new SeriesSplitter(new SeriesLabelRules(limits));
        this.oldestAccepted = oldestAccepted;
        this.maxFutureSkew = maxFutureSkew;
    }

    public Upload validate(String tenant, RawProfile raw, Instant received) throws InvalidProfileException {
        return validate(tenant, raw, received, ProfileNaming.BY_PERIOD_TYPE);
    }

    /** As {@link #validate(String, RawProfile, Instant)}; a profile without a profile_name is named by {@code naming}. */
    public Upload validate(String tenant, RawProfile raw, Instant received, ProfileNaming naming) throws InvalidProfileException {
        if (raw.getId().isEmpty() || raw.getId().length() > maxIdLength) {
            throw new InvalidProfileException(Problem.MISSING_ID, "id is required (1 to " + maxIdLength + " chars): it makes retries safe");
        }
        DecodedPprof pprof = decoder.decode(raw.getPprof().toByteArray());
        if (raw.getStartTimeUnixNanos() == 0 && pprof.timeNanos() == 0) {
            throw new InvalidProfileException(Problem.MISSING_TIME,
                    "profile has no time: set start_time_unix_nanos or the pprof's time_nanos, so that a retry is recognized");
        }
        String name = raw.getProfileName().isEmpty() ? naming.nameOf(pprof) : raw.getProfileName();
        UploadContext context = new UploadContext(labels(raw), name, raw.getStartTimeUnixNanos(), raw.getEndTimeUnixNanos(), nanos(received));
        List<SeriesProfile> series = splitter.split(pprof, context);
        checkTime(series, received);
        return new Upload(tenant, raw.getId(), series);
    }

    private static LabelSet labels(RawProfile raw) throws InvalidProfileException {
        List<Label> labels = new ArrayList<>(raw.getLabelsCount());
        Set<String> names = new HashSet<>();
        for (dev.pyrometer.protocol.ingest.v1.Label label : raw.getLabelsList()) {
            if (!names.add(label.getName())) {
                throw new InvalidProfileException(Problem.INVALID_LABEL, "label '" + label.getName() + "' is given twice");
            }
            labels.add(new Label(label.getName(), label.getValue()));
        }
        return LabelSet.of(labels);
    }

    private void checkTime(List<SeriesProfile> series, Instant received) throws InvalidProfileException {
        if (series.isEmpty()) {
            return;
        }
        long time = series.get(0).timeNanos();
        long oldest = nanos(oldestAccepted.apply(received));
        long newest = nanos(received.plus(maxFutureSkew));
        if (time < oldest || time > newest) {
            throw new InvalidProfileException(Problem.TIME_OUT_OF_RANGE, "profile time " + Instant.ofEpochSecond(0, time)
                    + " lies outside the accepted range " + Instant.ofEpochSecond(0, oldest) + " to " + Instant.ofEpochSecond(0, newest)
                    + " (retention and allowed clock skew)");
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}

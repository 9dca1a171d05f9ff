package dev.pyrometer.storage.testing;

import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.DecodedPprof;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real Go captures of profile-core's test-jar, split into series the way the ingest edge
 * does it for an agent upload. Decoded captures are cached; splitting is cheap and thread-safe.
 */
public final class Captures {
    private static final Map<String, DecodedPprof> DECODED = new ConcurrentHashMap<>();
    private static final SeriesSplitter SPLITTER = new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults()));

    private Captures() {
    }

    public static DecodedPprof decoded(String name) {
        return DECODED.computeIfAbsent(name, Fixtures::decode);
    }

    /** "cpu" for "cpu-3.pb.gz". */
    public static String kind(String name) {
        return name.substring(0, name.indexOf('-'));
    }

    /**
     * Capture {@code name} as uploaded with {@code labels}: the agent names mutex and block
     * profiles (they cannot be told apart from the pprof alone); {@code startNanos} 0 keeps the
     * pprof's own time.
     */
    public static List<SeriesProfile> split(String name, LabelSet labels, long startNanos) {
        String kind = kind(name);
        String profileName = kind.equals("mutex") || kind.equals("block") ? kind : null;
        try {
            return SPLITTER.split(decoded(name), new UploadContext(labels, profileName, startNanos, 0, 0));
        } catch (InvalidProfileException e) {
            throw new AssertionError("capture " + name + " does not split: " + e.getMessage(), e);
        }
    }

    /** Capture {@code name} of service {@code service} at {@code startNanos}. */
    public static List<SeriesProfile> split(String name, String service, long startNanos) {
        return split(name, labels("service_name", service), startNanos);
    }

    /** Capture {@code name} of service {@code service} at {@code time}. */
    public static List<SeriesProfile> split(String name, String service, Instant time) {
        return split(name, service, nanos(time));
    }

    public static long nanos(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    }

    /** A label set from name/value pairs. */
    public static LabelSet labels(String... namesAndValues) {
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.add(new Label(namesAndValues[i], namesAndValues[i + 1]));
        }
        return LabelSet.of(labels);
    }
}

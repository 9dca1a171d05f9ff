package dev.pyrometer.profile.testing;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.DecodedPprof;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The real Go pprof captures under {@code /fixtures/go-seedapp/} on the test classpath (see the
 * README.md there), read as classpath resources so that they also work from profile-core's test-jar.
 * Capture names are {@code <kind>-<round>.pb.gz}, e.g. {@code cpu-1.pb.gz}.
 */
public final class Fixtures {
    /** The endpoints captured, each once per round. */
    public static final List<String> KINDS = List.of("allocs", "block", "cpu", "goroutine", "heap", "mutex", "threadcreate");
    public static final int ROUNDS = 6;
    /** The service_name label {@link #series} gives the captures. */
    public static final String SERVICE = "seedapp";

    private static final String DIRECTORY = "/fixtures/go-seedapp/";

    private Fixtures() {
    }

    /** The bytes of capture {@code name} (e.g. "cpu-1.pb.gz"), as served by Go: gzipped pprof. */
    public static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + DIRECTORY + name + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All 42 capture names, by kind then round. */
    public static List<String> allCaptures() {
        List<String> names = new ArrayList<>();
        KINDS.forEach(kind -> names.addAll(captures(kind)));
        return names;
    }

    /** The capture names of one kind (e.g. "heap"), round 1 first. */
    public static List<String> captures(String kind) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("no captures of kind " + kind + "; kinds are " + KINDS);
        }
        List<String> names = new ArrayList<>(ROUNDS);
        for (int round = 1; round <= ROUNDS; round++) {
            names.add(kind + "-" + round + ".pb.gz");
        }
        return names;
    }

    /** Capture {@code name} gunzipped: the pprof protobuf bytes exactly as Go wrote them. */
    public static byte[] plain(String name) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes(name)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Capture {@code name} as the generated pprof message, for building variants of a real profile. */
    public static PprofProto.Profile proto(String name) {
        try {
            return PprofProto.Profile.parseFrom(plain(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Capture {@code name} decoded with the default limits. */
    public static DecodedPprof decode(String name) {
        try {
            return new PprofDecoder(ProfileLimits.defaults()).decode(bytes(name));
        } catch (InvalidProfileException e) {
            throw new AssertionError("fixture " + name + " does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * Capture {@code name} split into series as an upload with only {@code service_name="seedapp"},
     * no explicit profile name and no request times (so the pprof's own time applies).
     */
    public static List<SeriesProfile> series(String name) {
        UploadContext upload = new UploadContext(LabelSet.of(Map.of(LabelSet.SERVICE_NAME, SERVICE)), null, 0, 0, 0);
        try {
            return new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults())).split(decode(name), upload);
        } catch (InvalidProfileException e) {
            throw new AssertionError("fixture " + name + " does not split: " + e.getMessage(), e);
        }
    }
}

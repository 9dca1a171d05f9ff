package dev.pyrometer.ingest.pyroscope;

import com.google.protobuf.ByteString;
import dev.pyrometer.ingest.http.MultipartForm;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import dev.pyrometer.profile.folded.FoldedStacks;
import dev.pyrometer.profile.pprof.BoundedGunzip;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.ingest.v1.Label;
import dev.pyrometer.protocol.ingest.v1.RawProfile;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one Pyroscope {@code /ingest} request into the push's profiles, as Pyroscope's server reads
 * it. Formats: {@code pprof} (the body, or the {@code profile} part of a multipart form; a
 * multipart body without a format is pprof too), collapsed stacks ({@code folded} or no format:
 * "a;b;c 42" lines; {@code lines}: one stack per line). {@code jfr}, {@code trie}, {@code tree} and
 * {@code speedscope} are refused as not supported. Labels: {@code service_name} is the application
 * name (for collapsed stacks, without the profile-type suffix) unless the name's labels give one,
 * the name's labels, and {@code pyroscope_spy} from {@code spyName}. Time: {@code from} and
 * {@code until}; without {@code from}, the pprof's own time, or for collapsed stacks the time of
 * receipt. Id: a hash of name, from, until, format and body ({@link IngestIds}).
 */
public final class IngestConversion {
    /** Pyroscope's sample rate when a request gives none, in Hz. */
    static final long DEFAULT_SAMPLE_RATE = 100;

    private final ProfileLimits limits;
    private final Clock clock;

    public IngestConversion(ProfileLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public List<RawProfile> convert(IngestParameters parameters, String contentType, byte[] body) throws PushRefusal {
        IngestName name = IngestName.parse(parameters.name());
        long from = IngestTime.nanos("from", parameters.from());
        long until = IngestTime.nanos("until", parameters.until());
        String format = parameters.format() == null ? "" : parameters.format().strip().toLowerCase(Locale.ROOT);
        boolean multipart = MultipartForm.isMultipart(contentType);
        String id = IngestIds.of(IngestIds.utf8(parameters.name()), IngestIds.utf8(parameters.from()),
                IngestIds.utf8(parameters.until()), IngestIds.utf8(format), body);
        return switch (format) {
            case "pprof" -> List.of(pprof(name, parameters, from, until, id, multipart ? pprofPart(contentType, body) : body));
            case "", "folded", "groups" -> multipart
                    ? List.of(pprof(name, parameters, from, until, id, pprofPart(contentType, body)))
                    : List.of(collapsed(name, parameters, from, until, id, body, FoldedStacks.Format.FOLDED));
            case "lines" -> List.of(collapsed(name, parameters, from, until, id, body, FoldedStacks.Format.LINES));
            case "jfr", "trie", "tree", "speedscope" -> throw PushRefusal.invalid("format " + format
                    + " is not supported; send pprof, folded or lines");
            default -> throw PushRefusal.invalid("format '" + abbreviate(format) + "' is unknown; send pprof, folded or lines");
        };
    }

    private static byte[] pprofPart(String contentType, byte[] body) throws PushRefusal {
        Map<String, byte[]> form = MultipartForm.parse(contentType, body);
        if (form.containsKey("prev_profile")) {
            // Pyroscope's server refuses it too: only old pyroscope-go versions sent it.
            throw PushRefusal.invalid("multipart field 'prev_profile' is not supported (cumulative profiles from an old "
                    + "pyroscope-go); update the client so that it sends deltas");
        }
        byte[] profile = form.get("profile");
        if (profile == null) {
            throw PushRefusal.invalid("the multipart body has no 'profile' field (it has " + form.keySet() + ")");
        }
        return profile;
    }

    private RawProfile pprof(IngestName name, IngestParameters parameters, long from, long until, String id, byte[] pprof) {
        return profile(id, name.app(), name, parameters, from, until, null, pprof);
    }

    private RawProfile collapsed(IngestName name, IngestParameters parameters, long from, long until, String id, byte[] text,
                                 FoldedStacks.Format format) throws PushRefusal {
        CollapsedProfileType type = CollapsedProfileType.of(name.app(), sampleRate(parameters.sampleRate()));
        long start = from != 0 ? from : nanos(clock.instant());
        long duration = until > start ? until - start : 0;
        byte[] pprof;
        try {
            byte[] plain = BoundedGunzip.inflate(text, limits.maxDecompressedBytes());
            pprof = FoldedStacks.toPprof(plain, format, type.sampleType(), start, duration, limits);
        } catch (InvalidProfileException e) {
            throw PushRefusal.invalid("collapsed stacks: " + e.getMessage());
        }
        return profile(id, type.app(), name, parameters, start, until, type.profileName(), pprof);
    }

    private static RawProfile profile(String id, String app, IngestName name, IngestParameters parameters, long from, long until,
                                      String profileName, byte[] pprof) {
        RawProfile.Builder raw = RawProfile.newBuilder().setId(id).setPprof(ByteString.copyFrom(pprof))
                .setStartTimeUnixNanos(from).setEndTimeUnixNanos(until);
        if (profileName != null) {
            raw.setProfileName(profileName);
        }
        if (!name.labels().containsKey("service_name")) {
            raw.addLabels(label("service_name", app));
        }
        name.labels().forEach((key, value) -> raw.addLabels(label(key, value)));
        if (parameters.spyName() != null && !parameters.spyName().isBlank() && !name.labels().containsKey("pyroscope_spy")) {
            raw.addLabels(label("pyroscope_spy", parameters.spyName().strip()));
        }
        return raw.build();
    }

    /** Pyroscope's reading: absent or unparsable means the default (100 Hz). */
    private static long sampleRate(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_SAMPLE_RATE;
        }
        try {
            long rate = Long.parseLong(text.strip());
            return rate > 0 ? rate : DEFAULT_SAMPLE_RATE;
        } catch (NumberFormatException e) {
            return DEFAULT_SAMPLE_RATE;
        }
    }

    private static Label label(String name, String value) {
        return Label.newBuilder().setName(name).setValue(value).build();
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : new String(text.substring(0, 40).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "…";
    }
}

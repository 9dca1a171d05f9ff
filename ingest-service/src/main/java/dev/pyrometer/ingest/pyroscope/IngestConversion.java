package dev.pyrometer.ingest.pyroscope;

import com.google.protobuf.ByteString;
import dev.pyrometer.ingest.http.ConvertedPush;
import dev.pyrometer.ingest.http.MultipartForm;
import dev.pyrometer.ingest.pipeline.ProfileNaming;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import dev.pyrometer.profile.folded.FoldedStacks;
import dev.pyrometer.profile.jfr.JfrConverter;
import dev.pyrometer.profile.jfr.JfrProfile;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.pprof.BoundedGunzip;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.ingest.v1.Label;
import dev.pyrometer.protocol.ingest.v1.RawProfile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one Pyroscope {@code /ingest} request into the push's profiles, as Pyroscope's server reads
 * it. Formats:
 * <ul>
 *   <li>{@code pprof}: the body, or the {@code profile} part of a multipart form (a multipart body
 *       without a format is pprof too), named from its sample types and {@code sample_type_config}
 *       ({@link PyroscopeProfileName}); {@code prev_profile} and {@code sample_type_config} apply as
 *       {@link PprofUpload} states (cumulative types become deltas; a request may yield two profiles).</li>
 *   <li>{@code jfr}: the {@code jfr} part (and the optional {@code labels} part, a LabelsSnapshot)
 *       of a multipart form, or the whole body; one profile per JFR event kind and label set.</li>
 *   <li>collapsed stacks: {@code folded} (or no format), "a;b;c 42" lines; {@code lines}, one stack
 *       per line. The name's suffix names the type ({@link CollapsedProfileType}).</li>
 * </ul>
 * {@code trie}, {@code tree} and {@code speedscope} are refused as not supported. Labels:
 * {@code service_name} is the application name (for collapsed stacks without the profile-type
 * suffix) unless the name's labels give one, then the name's labels, {@code pyroscope_spy} from
 * {@code spyName}, and for JFR the events' dynamic labels (which win over the name's). Time:
 * {@code from} and {@code until}; without {@code from}, the pprof's (or recording's) own time, and
 * for collapsed stacks the time of receipt. Id: a hash of name, from, until, format and body
 * ({@link IngestIds}), with the profile's index appended when one request yields several.
 */
public final class IngestConversion {
    /** Pyroscope's sample rate when a request gives none, in Hz. */
    static final long DEFAULT_SAMPLE_RATE = 100;

    private final ProfileLimits limits;
    private final JfrConverter jfr;
    private final Clock clock;

    public IngestConversion(ProfileLimits limits, Clock clock) {
        this.limits = limits;
        this.jfr = new JfrConverter(limits);
        this.clock = clock;
    }

    public ConvertedPush convert(IngestParameters parameters, String contentType, byte[] body) throws PushRefusal {
        IngestName name = IngestName.parse(parameters.name());
        Request request = new Request(name, parameters, IngestTime.nanos("from", parameters.from()),
                IngestTime.nanos("until", parameters.until()), id(parameters, body));
        String format = format(parameters);
        boolean multipart = MultipartForm.isMultipart(contentType);
        return switch (format) {
            case "pprof" -> multipart ? pprofForm(request, MultipartForm.parse(contentType, body)) : pprof(request, body);
            case "", "folded", "groups" -> multipart ? pprofForm(request, MultipartForm.parse(contentType, body))
                    : named(collapsed(request, body, FoldedStacks.Format.FOLDED));
            case "lines" -> named(collapsed(request, body, FoldedStacks.Format.LINES));
            case "jfr" -> named(multipart ? jfrForm(request, MultipartForm.parse(contentType, body)) : jfr(request, body, null));
            case "trie", "tree", "speedscope" -> throw PushRefusal.invalid("format " + format
                    + " is not supported; send pprof, jfr, folded or lines");
            default -> throw PushRefusal.invalid("format '" + abbreviate(format) + "' is unknown; send pprof, jfr, folded or lines");
        };
    }

    /** What every profile of one request shares. */
    private record Request(IngestName name, IngestParameters parameters, long from, long until, String id) {
    }

    private static String format(IngestParameters parameters) {
        return parameters.format() == null ? "" : parameters.format().strip().toLowerCase(Locale.ROOT);
    }

    private static String id(IngestParameters parameters, byte[] body) {
        return IngestIds.of(IngestIds.utf8(parameters.name()), IngestIds.utf8(parameters.from()), IngestIds.utf8(parameters.until()),
                IngestIds.utf8(format(parameters)), body);
    }

    /** Profiles that carry their profile name. */
    private static ConvertedPush named(List<RawProfile> profiles) {
        return new ConvertedPush(profiles, ProfileNaming.BY_PERIOD_TYPE);
    }

    private static ConvertedPush named(RawProfile profile) {
        return named(List.of(profile));
    }

    private ConvertedPush pprofForm(Request request, Map<String, byte[]> form) throws PushRefusal {
        byte[] profile = form.get("profile");
        if (profile == null) {
            throw PushRefusal.invalid("the multipart body has no 'profile' field (it has " + form.keySet() + ")");
        }
        SampleTypeConfig config = SampleTypeConfig.parse(form.get("sample_type_config"));
        List<byte[]> payloads = PprofUpload.payloads(profile, form.get("prev_profile"), config, limits);
        List<RawProfile> profiles = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            String id = payloads.size() == 1 ? request.id() : request.id() + "-" + i;
            profiles.add(profile(request, id, request.name().app(), request.from(), null, LabelSet.EMPTY, payloads.get(i)));
        }
        return new ConvertedPush(profiles, new PyroscopeProfileName(config == null ? null : config.displayNames()));
    }

    /** A pprof, named from its sample types as Pyroscope names it ({@link PyroscopeProfileName}). */
    private static ConvertedPush pprof(Request request, byte[] pprof) {
        return new ConvertedPush(List.of(profile(request, request.id(), request.name().app(), request.from(), null, LabelSet.EMPTY, pprof)),
                new PyroscopeProfileName(null));
    }

    private List<RawProfile> jfrForm(Request request, Map<String, byte[]> form) throws PushRefusal {
        byte[] recording = form.get("jfr");
        if (recording == null) {
            throw PushRefusal.invalid("the multipart body has no 'jfr' field (it has " + form.keySet() + ")");
        }
        return jfr(request, recording, form.get("labels"));
    }

    private List<RawProfile> jfr(Request request, byte[] recording, byte[] labels) throws PushRefusal {
        List<JfrProfile> converted;
        try {
            converted = jfr.convert(recording, labels, sampleRate(request.parameters().sampleRate()));
        } catch (InvalidProfileException e) {
            throw PushRefusal.invalid("jfr: " + e.getMessage(), e.problem().tag());
        }
        if (converted.isEmpty()) {
            throw PushRefusal.invalid("jfr: the recording holds no events that make a profile (execution, wall-clock, "
                    + "allocation, monitor or park samples)", "empty_profile");
        }
        List<RawProfile> profiles = new ArrayList<>(converted.size());
        for (int i = 0; i < converted.size(); i++) {
            JfrProfile profile = converted.get(i);
            String id = converted.size() == 1 ? request.id() : request.id() + "-" + i;
            profiles.add(profile(request, id, request.name().app(), request.from(), profile.profileName(), profile.labels(),
                    SmallPayload.of(profile.pprof(), limits.maxCompressedBytes())));
        }
        return profiles;
    }

    private RawProfile collapsed(Request request, byte[] text, FoldedStacks.Format format) throws PushRefusal {
        CollapsedProfileType type = CollapsedProfileType.of(request.name().app(), sampleRate(request.parameters().sampleRate()));
        long start = request.from() != 0 ? request.from() : nanos(clock.instant());
        long duration = request.until() > start ? request.until() - start : 0;
        byte[] pprof;
        try {
            byte[] plain = BoundedGunzip.inflate(text, limits.maxDecompressedBytes());
            pprof = FoldedStacks.toPprof(plain, format, type.sampleType(), start, duration, limits);
        } catch (InvalidProfileException e) {
            throw PushRefusal.invalid("collapsed stacks: " + e.getMessage(), e.problem().tag());
        }
        return profile(request, request.id(), type.app(), start, type.profileName(), LabelSet.EMPTY,
                SmallPayload.of(pprof, limits.maxCompressedBytes()));
    }

    private static RawProfile profile(Request request, String id, String app, long start, String profileName, LabelSet dynamic,
                                      byte[] pprof) {
        RawProfile.Builder raw = RawProfile.newBuilder().setId(id).setPprof(ByteString.copyFrom(pprof))
                .setStartTimeUnixNanos(start).setEndTimeUnixNanos(request.until());
        if (profileName != null) {
            raw.setProfileName(profileName);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("service_name", app);
        labels.putAll(request.name().labels());
        String spy = request.parameters().spyName();
        if (spy != null && !spy.isBlank()) {
            labels.putIfAbsent("pyroscope_spy", spy.strip());
        }
        dynamic.labels().forEach(label -> labels.put(label.name(), label.value()));
        labels.forEach((key, value) -> raw.addLabels(Label.newBuilder().setName(key).setValue(value)));
        return raw.build();
    }

    /** Pyroscope's reading: absent, unparsable or not positive means the default (100 Hz). */
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

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}

package dev.pyrometer.ingest.pyroscope;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import dev.pyrometer.profile.delta.CumulativeDelta;
import dev.pyrometer.profile.delta.DeltaMode;
import dev.pyrometer.profile.delta.DeltaResult;
import dev.pyrometer.profile.delta.ProfileRewriter;
import dev.pyrometer.profile.pprof.BoundedGunzip;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.util.ArrayList;
import java.util.List;

/**
 * The pprof payloads of one pprof upload after {@code prev_profile} and {@code sample_type_config}
 * ({@link SampleTypeConfig}) are applied.
 * <ul>
 *   <li>Cumulative sample types: those the config marks {@code cumulative}, or, with a
 *       {@code prev_profile} and no config, every sample type (only cumulative profiles come with
 *       their predecessor).</li>
 *   <li>With a {@code prev_profile}, the cumulative types become one payload of
 *       {@code profile − prev_profile} per stack and labels; if any stack's value fell or vanished the
 *       process restarted, and the payload is {@code profile}'s own values ({@link CumulativeDelta},
 *       {@link DeltaMode#RESTART_ON_DECREASE}; only the cumulative types are compared). Without one
 *       they are left out: a first cumulative scrape counts from an unknown process start. A payload
 *       with no samples is left out too, unless it is the only one (it then stores totals of 0).</li>
 *   <li>The other sample types form a second payload with {@code profile}'s values.</li>
 *   <li>A sample type with an empty unit takes the config's {@code units}.</li>
 * </ul>
 * The payloads keep the pprof's own time; {@code prev_profile} must have the same sample types.
 * Without a config that changes values and without {@code prev_profile} the body passes unchanged,
 * undecoded. Decoding is bounded by the decompressed-size limit of each part.
 */
final class PprofUpload {
    private PprofUpload() {
    }

    static List<byte[]> payloads(byte[] profile, byte[] previous, SampleTypeConfig config, ProfileLimits limits) throws PushRefusal {
        boolean hasPrevious = previous != null && previous.length > 0;
        if (!hasPrevious && (config == null || !config.changesValues())) {
            return List.of(profile);
        }
        PprofProto.Profile current = withUnits(decode("profile", profile, limits), config);
        int[] cumulative = cumulativeTypes(current, config, hasPrevious);
        int[] instant = complement(cumulative, current.getSampleTypeCount());
        List<byte[]> payloads = new ArrayList<>(2);
        if (instant.length > 0) {
            payloads.add(encode(cumulative.length == 0 ? current : ProfileRewriter.keepTypes(current, instant), limits));
        }
        if (cumulative.length > 0) {
            PprofProto.Profile delta = delta(ProfileRewriter.keepTypes(current, cumulative),
                    hasPrevious ? withUnits(decode("prev_profile", previous, limits), config) : null, config);
            // Nothing to store (a first scrape, or nothing changed): left out, unless it is all there is.
            if (delta.getSampleCount() > 0 || payloads.isEmpty()) {
                payloads.add(encode(delta, limits));
            }
        }
        return payloads;
    }

    /** The indexes of the sample types read as cumulative. */
    private static int[] cumulativeTypes(PprofProto.Profile profile, SampleTypeConfig config, boolean hasPrevious) {
        List<Integer> cumulative = new ArrayList<>();
        for (int t = 0; t < profile.getSampleTypeCount(); t++) {
            if (config == null ? hasPrevious : config.cumulative(typeName(profile, t))) {
                cumulative.add(t);
            }
        }
        return cumulative.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] complement(int[] indexes, int count) {
        List<Integer> rest = new ArrayList<>();
        for (int t = 0, i = 0; t < count; t++) {
            if (i < indexes.length && indexes[i] == t) {
                i++;
            } else {
                rest.add(t);
            }
        }
        return rest.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code current} (its cumulative types only) less the same types of {@code previous}; no samples
     * without a previous. Only cumulative types take part, so a fallen in-use value is no restart.
     */
    private static PprofProto.Profile delta(PprofProto.Profile current, PprofProto.Profile previous, SampleTypeConfig config)
            throws PushRefusal {
        int[] all = complement(new int[0], current.getSampleTypeCount());
        if (previous == null) {
            return ProfileRewriter.rewrite(current, all, List.of(), current.getTimeNanos(), current.getDurationNanos());
        }
        PprofProto.Profile previousCumulative = ProfileRewriter.keepTypes(previous, cumulativeTypes(previous, config, true));
        DeltaResult result = CumulativeDelta.between(previousCumulative, current, DeltaMode.RESTART_ON_DECREASE);
        if (result.kind() == DeltaResult.Kind.BASELINE) {
            throw PushRefusal.invalid("multipart field 'prev_profile' has cumulative sample types " + typeNames(previousCumulative)
                    + " but 'profile' has " + typeNames(current) + "; they must be the same", "invalid_profile");
        }
        return result.profile();
    }

    private static PprofProto.Profile decode(String part, byte[] data, ProfileLimits limits) throws PushRefusal {
        try {
            byte[] plain = BoundedGunzip.inflate(data, limits.maxDecompressedBytes());
            return PprofProto.Profile.parseFrom(plain);
        } catch (InvalidProfileException e) {
            throw PushRefusal.invalid("multipart field '" + part + "': " + e.getMessage(), e.problem().tag());
        } catch (InvalidProtocolBufferException e) {
            throw PushRefusal.invalid("multipart field '" + part + "' is not a pprof profile: " + e.getMessage(), "invalid_profile");
        }
    }

    /** The profile with the config's units filled in where its sample types have none. */
    private static PprofProto.Profile withUnits(PprofProto.Profile profile, SampleTypeConfig config) {
        if (config == null) {
            return profile;
        }
        PprofProto.Profile.Builder builder = null;
        for (int t = 0; t < profile.getSampleTypeCount(); t++) {
            PprofProto.ValueType type = profile.getSampleType(t);
            String units = config.units(typeName(profile, t));
            if (units != null && string(profile, type.getUnit()).isEmpty()) {
                if (builder == null) {
                    builder = profile.toBuilder();
                }
                builder.addStringTable(units);
                builder.setSampleType(t, type.toBuilder().setUnit(builder.getStringTableCount() - 1));
            }
        }
        return builder == null ? profile : builder.build();
    }

    private static byte[] encode(PprofProto.Profile profile, ProfileLimits limits) {
        return SmallPayload.of(profile.toByteArray(), limits.maxCompressedBytes());
    }

    private static String typeName(PprofProto.Profile profile, int index) {
        return string(profile, profile.getSampleType(index).getType());
    }

    private static List<String> typeNames(PprofProto.Profile profile) {
        List<String> names = new ArrayList<>();
        for (int t = 0; t < profile.getSampleTypeCount(); t++) {
            names.add(typeName(profile, t) + "/" + string(profile, profile.getSampleType(t).getUnit()));
        }
        return names;
    }

    private static String string(PprofProto.Profile profile, long index) {
        return index >= 0 && index < profile.getStringTableCount() ? profile.getStringTable((int) index) : "";
    }

}

package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Encodes a {@link SeriesProfile} as a pprof that {@code go tool pprof} reads: one sample type
 * ({@code sample_type}/{@code sample_unit} of the profile type), the period type and period, time and
 * duration, one sample per stack with its value, and symbolized locations, so that {@code -top} gives
 * {@link dev.pyrometer.profile.top.FunctionTotals} of the profile and {@code -raw} its stacks and values.
 *
 * <ul>
 *   <li>One Function per distinct (name, file), with {@code system_name = name} as Go writes it and
 *       {@code start_line} 0 (unknown); one Location per distinct {@link Frame}, holding a single Line
 *       (function, line), with no mapping and address 0. A pprof Location with several Lines (inlined calls)
 *       was expanded into consecutive frames on decode, and the model does not record which frames shared a
 *       Location, so the export has one Location per frame: every number {@code -top}, {@code -raw},
 *       {@code -list} and {@code -lines} show is the same, but pprof no longer marks those calls "(inline)".</li>
 *   <li>Stacks with no frames become samples with no locations (pprof counts them in the total).</li>
 *   <li>Output is deterministic: the string table starts with "" and then holds strings in first-use
 *       order (types, then functions and files as the stacks reach them); functions and locations are
 *       numbered 1.. in first-use order; samples follow the profile's stack order; gzip carries no time.</li>
 * </ul>
 */
public final class PprofEncoder {
    private PprofEncoder() {
    }

    /** The profile as gzipped pprof bytes. */
    public static byte[] encode(SeriesProfile profile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            toProto(profile).writeTo(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** The profile as a pprof message, not compressed. */
    public static PprofProto.Profile toProto(SeriesProfile profile) {
        return new Encoding(profile).run();
    }

    /** The state of one encode: the tables being built. */
    private static final class Encoding {
        private final SeriesProfile profile;
        private final PprofProto.Profile.Builder out = PprofProto.Profile.newBuilder();
        private final Map<String, Long> strings = new HashMap<>();
        private final Map<FunctionKey, Long> functionIds = new HashMap<>();
        /** Location id by frame index of the profile's frame table; 0 when not yet written. */
        private final long[] locationIds;

        Encoding(SeriesProfile profile) {
            this.profile = profile;
            this.locationIds = new long[profile.frames().size()];
            string("");
        }

        PprofProto.Profile run() {
            ProfileType type = profile.type();
            out.addSampleType(valueType(type.sampleType(), type.sampleUnit()))
                    .setPeriodType(valueType(type.periodType(), type.periodUnit()))
                    .setPeriod(profile.period())
                    .setTimeNanos(profile.timeNanos())
                    .setDurationNanos(profile.durationNanos());
            for (int i = 0; i < profile.stackCount(); i++) {
                PprofProto.Sample.Builder sample = PprofProto.Sample.newBuilder().addValue(profile.values()[i]);
                for (int frame : profile.stacks()[i]) {
                    sample.addLocationId(location(frame));
                }
                out.addSample(sample);
            }
            return out.build();
        }

        private long location(int frameIndex) {
            long id = locationIds[frameIndex];
            if (id == 0) {
                Frame frame = profile.frames().get(frameIndex);
                id = out.getLocationCount() + 1;
                out.addLocation(PprofProto.Location.newBuilder().setId(id)
                        .addLine(PprofProto.Line.newBuilder().setFunctionId(function(frame)).setLine(frame.line())));
                locationIds[frameIndex] = id;
            }
            return id;
        }

        private long function(Frame frame) {
            FunctionKey key = new FunctionKey(frame.function(), frame.file());
            Long known = functionIds.get(key);
            if (known != null) {
                return known;
            }
            long id = out.getFunctionCount() + 1;
            long name = string(frame.function());
            out.addFunction(PprofProto.Function.newBuilder().setId(id).setName(name).setSystemName(name).setFilename(string(frame.file())));
            functionIds.put(key, id);
            return id;
        }

        private PprofProto.ValueType valueType(String type, String unit) {
            return PprofProto.ValueType.newBuilder().setType(string(type)).setUnit(string(unit)).build();
        }

        private long string(String text) {
            Long known = strings.get(text);
            if (known != null) {
                return known;
            }
            long index = strings.size();
            strings.put(text, index);
            out.addStringTable(text);
            return index;
        }
    }

    private record FunctionKey(String name, String file) {
    }
}

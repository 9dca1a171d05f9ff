package dev.pyrometer.profile.pprof;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes pprof bytes (gzipped or plain) into a {@link DecodedPprof}, enforcing {@link ProfileLimits}
 * and checking that every id and string index resolves. Thread-safe: each call works on its own state.
 */
public final class PprofDecoder {
    private final ProfileLimits limits;

    public PprofDecoder(ProfileLimits limits) {
        this.limits = limits;
    }

    public DecodedPprof decode(byte[] data) throws InvalidProfileException {
        if (data.length == 0) {
            throw new InvalidProfileException(Problem.NOT_PPROF, "pprof payload is empty");
        }
        if (data.length > limits.maxCompressedBytes()) {
            throw new InvalidProfileException(Problem.COMPRESSED_TOO_LARGE,
                    "pprof payload is " + data.length + " bytes, more than the limit of " + limits.maxCompressedBytes());
        }
        byte[] plain = BoundedGunzip.inflate(data, limits.maxDecompressedBytes());
        PprofProto.Profile profile;
        try {
            profile = PprofProto.Profile.parseFrom(plain);
        } catch (InvalidProtocolBufferException e) {
            boolean truncated = e.getMessage() != null && e.getMessage().contains("ended unexpectedly");
            throw new InvalidProfileException(truncated ? Problem.TRUNCATED : Problem.NOT_PPROF,
                    (truncated ? "pprof protobuf is truncated: " : "not a pprof protobuf: ") + e.getMessage(), e);
        }
        return new Conversion(profile, limits).run();
    }

    /** The state of one decode: string table and id indexes of a single pprof. */
    private static final class Conversion {
        private final PprofProto.Profile profile;
        private final ProfileLimits limits;
        private final FrameTable frames = new FrameTable();
        private final Map<Long, PprofProto.Function> functionsById = new HashMap<>();
        private final Map<Long, PprofProto.Location> locationsById = new HashMap<>();
        private final Map<Long, int[]> framesByLocation = new HashMap<>();

        Conversion(PprofProto.Profile profile, ProfileLimits limits) {
            this.profile = profile;
            this.limits = limits;
        }

        DecodedPprof run() throws InvalidProfileException {
            if (profile.getStringTableCount() == 0 || !profile.getStringTable(0).isEmpty()) {
                throw new InvalidProfileException(Problem.NOT_PPROF, "not a pprof profile: string_table must start with \"\"");
            }
            if (profile.getSampleTypeCount() == 0) {
                throw new InvalidProfileException(Problem.NOT_PPROF, "not a pprof profile: it has no sample_type");
            }
            if (profile.getSampleCount() > limits.maxSamples()) {
                throw new InvalidProfileException(Problem.TOO_MANY_SAMPLES,
                        "pprof has " + profile.getSampleCount() + " samples, more than the limit of " + limits.maxSamples());
            }
            checkTopLevelStrings();
            indexMappings();
            indexFunctions();
            indexLocations();

            List<DecodedPprof.ValueType> sampleTypes = new ArrayList<>(profile.getSampleTypeCount());
            for (PprofProto.ValueType type : profile.getSampleTypeList()) {
                sampleTypes.add(valueType(type, "sample_type"));
            }
            DecodedPprof.ValueType periodType = profile.hasPeriodType()
                    ? valueType(profile.getPeriodType(), "period_type") : DecodedPprof.ValueType.NONE;

            List<DecodedPprof.Sample> samples = new ArrayList<>(profile.getSampleCount());
            for (int i = 0; i < profile.getSampleCount(); i++) {
                samples.add(sample(i, profile.getSample(i), sampleTypes.size()));
            }
            return new DecodedPprof(sampleTypes, periodType, profile.getPeriod(), profile.getTimeNanos(),
                    profile.getDurationNanos(), string(profile.getDefaultSampleType(), "default_sample_type"),
                    frames, samples);
        }

        private void checkTopLevelStrings() throws InvalidProfileException {
            string(profile.getDropFrames(), "drop_frames");
            string(profile.getKeepFrames(), "keep_frames");
            string(profile.getDocUrl(), "doc_url");
            for (long comment : profile.getCommentList()) {
                string(comment, "comment");
            }
        }

        private void indexMappings() throws InvalidProfileException {
            for (PprofProto.Mapping mapping : profile.getMappingList()) {
                string(mapping.getFilename(), "mapping " + mapping.getId() + " filename");
                string(mapping.getBuildId(), "mapping " + mapping.getId() + " build_id");
            }
        }

        private void indexFunctions() throws InvalidProfileException {
            for (PprofProto.Function function : profile.getFunctionList()) {
                if (function.getId() == 0) {
                    throw new InvalidProfileException(Problem.MALFORMED, "function id 0 is reserved");
                }
                String where = "function " + function.getId();
                string(function.getName(), where + " name");
                string(function.getSystemName(), where + " system_name");
                string(function.getFilename(), where + " filename");
                if (functionsById.put(function.getId(), function) != null) {
                    throw new InvalidProfileException(Problem.MALFORMED, "function id " + function.getId() + " appears twice");
                }
            }
        }

        private void indexLocations() throws InvalidProfileException {
            java.util.Set<Long> mappingIds = new java.util.HashSet<>();
            for (PprofProto.Mapping mapping : profile.getMappingList()) {
                mappingIds.add(mapping.getId());
            }
            for (PprofProto.Location location : profile.getLocationList()) {
                if (location.getId() == 0) {
                    throw new InvalidProfileException(Problem.MALFORMED, "location id 0 is reserved");
                }
                if (location.getMappingId() != 0 && !mappingIds.contains(location.getMappingId())) {
                    throw new InvalidProfileException(Problem.DANGLING_REFERENCE,
                            "location " + location.getId() + " refers to mapping " + location.getMappingId() + ", which does not exist");
                }
                for (PprofProto.Line line : location.getLineList()) {
                    if (!functionsById.containsKey(line.getFunctionId())) {
                        throw new InvalidProfileException(Problem.DANGLING_REFERENCE,
                                "location " + location.getId() + " refers to function " + line.getFunctionId() + ", which does not exist");
                    }
                }
                if (locationsById.put(location.getId(), location) != null) {
                    throw new InvalidProfileException(Problem.MALFORMED, "location id " + location.getId() + " appears twice");
                }
            }
        }

        private DecodedPprof.Sample sample(int index, PprofProto.Sample sample, int valueCount) throws InvalidProfileException {
            if (sample.getValueCount() != valueCount) {
                throw new InvalidProfileException(Problem.MALFORMED, "sample " + index + " has " + sample.getValueCount()
                        + " values but the profile has " + valueCount + " sample types");
            }
            int depth = 0;
            int[][] parts = new int[sample.getLocationIdCount()][];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = locationFrames(sample.getLocationId(i), index);
                depth += parts[i].length;
            }
            if (depth > limits.maxStackDepth()) {
                throw new InvalidProfileException(Problem.STACK_TOO_DEEP,
                        "sample " + index + " has a stack of " + depth + " frames, more than the limit of " + limits.maxStackDepth());
            }
            int[] stack = new int[depth];
            int at = 0;
            for (int[] part : parts) {
                System.arraycopy(part, 0, stack, at, part.length);
                at += part.length;
            }
            long[] values = new long[valueCount];
            for (int i = 0; i < valueCount; i++) {
                values[i] = sample.getValue(i);
            }
            return new DecodedPprof.Sample(stack, values, labels(sample));
        }

        private LabelSet labels(PprofProto.Sample sample) throws InvalidProfileException {
            if (sample.getLabelCount() == 0) {
                return LabelSet.EMPTY;
            }
            List<Label> labels = new ArrayList<>(sample.getLabelCount());
            for (PprofProto.Label label : sample.getLabelList()) {
                String key = string(label.getKey(), "sample label key");
                String value = string(label.getStr(), "sample label value");
                string(label.getNumUnit(), "sample label num_unit");
                if (label.getStr() != 0) {
                    labels.add(new Label(key, value));
                }
            }
            return labels.isEmpty() ? LabelSet.EMPTY : LabelSet.of(labels);
        }

        /** The frames of one location, innermost inlined call first. */
        private int[] locationFrames(long locationId, int sampleIndex) throws InvalidProfileException {
            int[] known = framesByLocation.get(locationId);
            if (known != null) {
                return known;
            }
            PprofProto.Location location = locationsById.get(locationId);
            if (location == null) {
                throw new InvalidProfileException(Problem.DANGLING_REFERENCE,
                        "sample " + sampleIndex + " refers to location " + locationId + ", which does not exist");
            }
            int[] result;
            if (location.getLineCount() == 0) {
                String address = "0x" + Long.toHexString(location.getAddress());
                result = new int[] {frames.intern(new Frame(address, "", 0))};
            } else {
                result = new int[location.getLineCount()];
                for (int i = 0; i < result.length; i++) {
                    PprofProto.Line line = location.getLine(i);
                    PprofProto.Function function = functionsById.get(line.getFunctionId());
                    result[i] = frames.intern(new Frame(
                            withoutNul(profile.getStringTable((int) function.getName())),
                            withoutNul(profile.getStringTable((int) function.getFilename())),
                            line.getLine()));
                }
            }
            framesByLocation.put(locationId, result);
            return result;
        }

        /** PostgreSQL text cannot hold NUL; a symbol keeps its other characters and shows U+FFFD there. */
        private static String withoutNul(String symbol) {
            return symbol.indexOf('\0') < 0 ? symbol : symbol.replace('\0', '\uFFFD');
        }

        private DecodedPprof.ValueType valueType(PprofProto.ValueType type, String where) throws InvalidProfileException {
            return new DecodedPprof.ValueType(string(type.getType(), where + " type"), string(type.getUnit(), where + " unit"));
        }

        private String string(long index, String where) throws InvalidProfileException {
            if (index < 0 || index >= profile.getStringTableCount()) {
                throw new InvalidProfileException(Problem.STRING_INDEX_OUT_OF_RANGE, where + " has string index " + index
                        + ", outside the string table of " + profile.getStringTableCount() + " entries");
            }
            return profile.getStringTable((int) index);
        }
    }
}

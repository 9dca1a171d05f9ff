package dev.pyrometer.profile.delta;

import dev.pyrometer.protocol.pprof.PprofProto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a new pprof from chosen samples of a source pprof, with new values and a subset of its
 * sample types. Stacks, labels, mappings and inline information are copied; locations, functions,
 * mappings and strings that no kept sample uses are left out and ids renumbered densely, so a
 * delta with few changed stacks is small even when the source is large.
 */
public final class ProfileRewriter {

    /**
     * One sample of the output.
     *
     * @param sourceIndex the source sample whose stack and labels it takes
     * @param values      one value per kept sample type, in kept order
     */
    public record OutSample(int sourceIndex, long[] values) {
    }

    private final PprofProto.Profile source;
    private final PprofProto.Profile.Builder out = PprofProto.Profile.newBuilder();
    private final int[] stringMap;
    private final Map<Long, Long> locationMap = new HashMap<>();
    private final Map<Long, Long> functionMap = new HashMap<>();
    private final Map<Long, Long> mappingMap = new HashMap<>();
    private Map<Long, PprofProto.Location> locations;
    private Map<Long, PprofProto.Function> functions;
    private Map<Long, PprofProto.Mapping> mappings;

    private ProfileRewriter(PprofProto.Profile source) {
        this.source = source;
        this.stringMap = new int[source.getStringTableCount()];
        Arrays.fill(stringMap, -1);
        out.addStringTable("");
        stringMap[0] = 0;
    }

    /** The indexes of the sample types named in {@code names}, in the source's order. */
    public static int[] typeIndexes(PprofProto.Profile profile, Set<String> names) {
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < profile.getSampleTypeCount(); i++) {
            if (names.contains(profile.getStringTable((int) profile.getSampleType(i).getType()))) {
                kept.add(i);
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The source with only the sample types {@code kept}; samples whose kept values are all 0 are left out. */
    public static PprofProto.Profile keepTypes(PprofProto.Profile source, int[] kept) {
        List<OutSample> samples = new ArrayList<>(source.getSampleCount());
        for (int i = 0; i < source.getSampleCount(); i++) {
            PprofProto.Sample sample = source.getSample(i);
            long[] values = new long[kept.length];
            boolean any = false;
            for (int k = 0; k < kept.length; k++) {
                values[k] = kept[k] < sample.getValueCount() ? sample.getValue(kept[k]) : 0;
                any |= values[k] != 0;
            }
            if (any) {
                samples.add(new OutSample(i, values));
            }
        }
        return rewrite(source, kept, samples, source.getTimeNanos(), source.getDurationNanos());
    }

    /**
     * @param kept          source sample type indexes to keep, in output order
     * @param samples       the output samples
     * @param timeNanos     the output's time_nanos
     * @param durationNanos the output's duration_nanos
     */
    public static PprofProto.Profile rewrite(PprofProto.Profile source, int[] kept, List<OutSample> samples,
                                             long timeNanos, long durationNanos) {
        return new ProfileRewriter(source).run(kept, samples, timeNanos, durationNanos);
    }

    private PprofProto.Profile run(int[] kept, List<OutSample> samples, long timeNanos, long durationNanos) {
        index();
        for (int k : kept) {
            out.addSampleType(valueType(source.getSampleType(k)));
        }
        for (OutSample sample : samples) {
            PprofProto.Sample from = source.getSample(sample.sourceIndex());
            PprofProto.Sample.Builder to = PprofProto.Sample.newBuilder();
            for (long location : from.getLocationIdList()) {
                to.addLocationId(location(location));
            }
            for (long value : sample.values()) {
                to.addValue(value);
            }
            for (PprofProto.Label label : from.getLabelList()) {
                to.addLabel(PprofProto.Label.newBuilder().setKey(string(label.getKey())).setStr(string(label.getStr()))
                        .setNum(label.getNum()).setNumUnit(string(label.getNumUnit())));
            }
            out.addSample(to);
        }
        if (source.hasPeriodType()) {
            out.setPeriodType(valueType(source.getPeriodType()));
        }
        out.setPeriod(source.getPeriod()).setTimeNanos(timeNanos).setDurationNanos(durationNanos);
        for (long comment : source.getCommentList()) {
            out.addComment(string(comment));
        }
        out.setDropFrames(string(source.getDropFrames())).setKeepFrames(string(source.getKeepFrames()))
                .setDocUrl(string(source.getDocUrl()));
        long defaultType = source.getDefaultSampleType();
        for (int k : kept) {
            if (source.getSampleType(k).getType() == defaultType) {
                out.setDefaultSampleType(string(defaultType));
            }
        }
        return out.build();
    }

    private void index() {
        locations = new HashMap<>(source.getLocationCount() * 2);
        source.getLocationList().forEach(l -> locations.put(l.getId(), l));
        functions = new HashMap<>(source.getFunctionCount() * 2);
        source.getFunctionList().forEach(f -> functions.put(f.getId(), f));
        mappings = new HashMap<>(source.getMappingCount() * 2);
        source.getMappingList().forEach(m -> mappings.put(m.getId(), m));
    }

    private long location(long id) {
        Long known = locationMap.get(id);
        if (known != null) {
            return known;
        }
        long newId = locationMap.size() + 1L;
        locationMap.put(id, newId);
        PprofProto.Location from = locations.get(id);
        PprofProto.Location.Builder to = PprofProto.Location.newBuilder().setId(newId);
        if (from != null) {
            to.setMappingId(mapping(from.getMappingId())).setAddress(from.getAddress()).setIsFolded(from.getIsFolded());
            for (PprofProto.Line line : from.getLineList()) {
                to.addLine(PprofProto.Line.newBuilder().setFunctionId(function(line.getFunctionId()))
                        .setLine(line.getLine()).setColumn(line.getColumn()));
            }
        }
        out.addLocation(to);
        return newId;
    }

    private long function(long id) {
        Long known = functionMap.get(id);
        if (known != null) {
            return known;
        }
        long newId = functionMap.size() + 1L;
        functionMap.put(id, newId);
        PprofProto.Function from = functions.get(id);
        PprofProto.Function.Builder to = PprofProto.Function.newBuilder().setId(newId);
        if (from != null) {
            to.setName(string(from.getName())).setSystemName(string(from.getSystemName()))
                    .setFilename(string(from.getFilename())).setStartLine(from.getStartLine());
        }
        out.addFunction(to);
        return newId;
    }

    private long mapping(long id) {
        if (id == 0) {
            return 0;
        }
        Long known = mappingMap.get(id);
        if (known != null) {
            return known;
        }
        PprofProto.Mapping from = mappings.get(id);
        if (from == null) {
            return 0;
        }
        long newId = mappingMap.size() + 1L;
        mappingMap.put(id, newId);
        out.addMapping(from.toBuilder().setId(newId).setFilename(string(from.getFilename())).setBuildId(string(from.getBuildId())));
        return newId;
    }

    private PprofProto.ValueType valueType(PprofProto.ValueType type) {
        return PprofProto.ValueType.newBuilder().setType(string(type.getType())).setUnit(string(type.getUnit())).build();
    }

    private long string(long index) {
        if (index <= 0 || index >= stringMap.length) {
            return 0;
        }
        int i = (int) index;
        if (stringMap[i] < 0) {
            stringMap[i] = out.getStringTableCount();
            out.addStringTable(source.getStringTable(i));
        }
        return stringMap[i];
    }
}

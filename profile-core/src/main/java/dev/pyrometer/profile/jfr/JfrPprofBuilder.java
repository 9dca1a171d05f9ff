package dev.pyrometer.profile.jfr;

import dev.pyrometer.protocol.pprof.PprofProto;
import dev.pyrometer.profile.validation.InvalidProfileException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the pprof of one (kind, label set): Pyroscope's sample and period types for the kind,
 * one Function per (name, file), one Location per (function, line), one sample per distinct
 * stack of a chunk with its values summed. Locations are leaf first, as pprof orders them.
 * Tables are numbered 1.. in first-use order, the string table starts with "".
 */
final class JfrPprofBuilder {
    private record FunctionKey(String name, String file) {
    }

    private record LocationKey(long function, int line) {
    }

    private final JfrSampleKind kind;
    private final JfrBudget budget;
    private final PprofProto.Profile.Builder out = PprofProto.Profile.newBuilder();
    private final Map<String, Long> strings = new HashMap<>();
    private final Map<FunctionKey, Long> functions = new HashMap<>();
    private final Map<LocationKey, Long> locations = new HashMap<>();
    /** chunk-local stack key → index into samples; cleared per chunk */
    private final Map<Long, Integer> samplesByStack = new HashMap<>();
    private final List<long[]> sampleLocations = new ArrayList<>();
    private final List<long[]> sampleValues = new ArrayList<>();

    JfrPprofBuilder(JfrSampleKind kind, JfrBudget budget, long timeNanos, long durationNanos, long period)
            throws InvalidProfileException {
        this.kind = kind;
        this.budget = budget;
        string("");
        for (JfrSampleKind.ValueType type : kind.sampleTypes()) {
            out.addSampleType(valueType(type));
        }
        out.setPeriodType(valueType(kind.periodType()));
        out.setPeriod(kind == JfrSampleKind.CPU || kind == JfrSampleKind.WALL ? period : 0);
        out.setTimeNanos(timeNanos).setDurationNanos(durationNanos);
    }

    JfrSampleKind kind() {
        return kind;
    }

    /** Starts a new chunk: stack keys of the previous chunk no longer apply. */
    void newChunk() {
        samplesByStack.clear();
    }

    /** The sample for a chunk-local stack key, or -1 when it has not been added in this chunk. */
    int sample(long stackKey) {
        Integer index = samplesByStack.get(stackKey);
        return index == null ? -1 : index;
    }

    void addValues(int sample, long[] values) {
        long[] sum = sampleValues.get(sample);
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }

    /** Adds a sample for a stack key; {@code locationIds} come from {@link #location}. */
    int newSample(long stackKey, long[] locationIds, long[] values) throws InvalidProfileException {
        budget.sample();
        int index = sampleLocations.size();
        sampleLocations.add(locationIds);
        sampleValues.add(values.clone());
        samplesByStack.put(stackKey, index);
        return index;
    }

    /** The location id of a frame, adding its function and location on first use. */
    long location(String function, String file, int line) throws InvalidProfileException {
        FunctionKey functionKey = new FunctionKey(function, file);
        Long functionId = functions.get(functionKey);
        if (functionId == null) {
            budget.function();
            functionId = (long) functions.size() + 1;
            long name = string(function);
            out.addFunction(PprofProto.Function.newBuilder().setId(functionId).setName(name).setSystemName(name)
                    .setFilename(string(file)));
            functions.put(functionKey, functionId);
        }
        LocationKey locationKey = new LocationKey(functionId, Math.max(0, line));
        Long locationId = locations.get(locationKey);
        if (locationId == null) {
            budget.location();
            locationId = (long) locations.size() + 1;
            out.addLocation(PprofProto.Location.newBuilder().setId(locationId)
                    .addLine(PprofProto.Line.newBuilder().setFunctionId(functionId).setLine(locationKey.line())));
            locations.put(locationKey, locationId);
        }
        return locationId;
    }

    /** The pprof, not compressed. */
    byte[] build() {
        for (int i = 0; i < sampleLocations.size(); i++) {
            PprofProto.Sample.Builder sample = PprofProto.Sample.newBuilder();
            for (long id : sampleLocations.get(i)) {
                sample.addLocationId(id);
            }
            for (long v : sampleValues.get(i)) {
                sample.addValue(v);
            }
            out.addSample(sample);
        }
        return out.build().toByteArray();
    }

    private PprofProto.ValueType.Builder valueType(JfrSampleKind.ValueType type) throws InvalidProfileException {
        return PprofProto.ValueType.newBuilder().setType(string(type.type())).setUnit(string(type.unit()));
    }

    private long string(String s) throws InvalidProfileException {
        Long index = strings.get(s);
        if (index == null) {
            budget.string();
            index = (long) strings.size();
            strings.put(s, index);
            out.addStringTable(s);
        }
        return index;
    }
}

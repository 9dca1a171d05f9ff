package dev.pyrometer.agent.pprof;

import dev.pyrometer.protocol.pprof.PprofProto;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a pprof from stacks of frames, for profiles the agent makes itself (the javaagent's JFR
 * windows). One Location per distinct frame (function, file, line), one Function per (name, file);
 * samples with the same stack are merged by adding their values. Not thread-safe.
 */
public final class ProfileBuilder {

    /** A sample type or period type, e.g. {@code cpu/nanoseconds}. */
    public record ValueType(String type, String unit) {
    }

    private record FunctionKey(String name, String file) {
    }

    private record FrameKey(String function, String file, long line) {
    }

    private record Stack(long[] locations) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Stack stack && Arrays.equals(locations, stack.locations);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(locations);
        }
    }

    private final List<ValueType> sampleTypes;
    private final ValueType periodType;
    private final long period;
    private final Map<String, Long> strings = new HashMap<>();
    private final PprofProto.Profile.Builder profile = PprofProto.Profile.newBuilder();
    private final Map<FunctionKey, Long> functions = new HashMap<>();
    private final Map<FrameKey, Long> locations = new HashMap<>();
    private final Map<Stack, long[]> samples = new LinkedHashMap<>();

    /**
     * @param sampleTypes what each sample value measures
     * @param periodType  the sampling period's type, e.g. {@code cpu/nanoseconds}
     * @param period      the sampling period in the period type's unit
     */
    public ProfileBuilder(List<ValueType> sampleTypes, ValueType periodType, long period) {
        this.sampleTypes = List.copyOf(sampleTypes);
        this.periodType = periodType;
        this.period = period;
        string("");
    }

    /** The location id of a frame; {@code file} "" and {@code line} 0 when unknown. */
    public long location(String function, String file, long line) {
        return locations.computeIfAbsent(new FrameKey(function, file, line), key -> {
            long functionId = functions.computeIfAbsent(new FunctionKey(function, file), f -> {
                long id = functions.size() + 1L;
                profile.addFunction(PprofProto.Function.newBuilder().setId(id)
                        .setName(string(function)).setSystemName(string(function)).setFilename(string(file)));
                return id;
            });
            long id = locations.size() + 1L;
            profile.addLocation(PprofProto.Location.newBuilder().setId(id)
                    .addLine(PprofProto.Line.newBuilder().setFunctionId(functionId).setLine(line)));
            return id;
        });
    }

    /**
     * Adds values to a stack.
     *
     * @param stack  location ids from {@link #location}, leaf first
     * @param values one per sample type
     */
    public void add(long[] stack, long... values) {
        if (values.length != sampleTypes.size()) {
            throw new IllegalArgumentException("expected " + sampleTypes.size() + " values, got " + values.length);
        }
        long[] sums = samples.computeIfAbsent(new Stack(stack), s -> new long[values.length]);
        for (int i = 0; i < values.length; i++) {
            sums[i] += values[i];
        }
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    /** The finished pprof; call once. */
    public PprofProto.Profile build(long timeNanos, long durationNanos) {
        for (ValueType type : sampleTypes) {
            profile.addSampleType(valueType(type));
        }
        profile.setPeriodType(valueType(periodType)).setPeriod(period).setTimeNanos(timeNanos).setDurationNanos(durationNanos);
        samples.forEach((stack, values) -> {
            PprofProto.Sample.Builder sample = PprofProto.Sample.newBuilder();
            for (long location : stack.locations) {
                sample.addLocationId(location);
            }
            for (long value : values) {
                sample.addValue(value);
            }
            profile.addSample(sample);
        });
        return profile.build();
    }

    private PprofProto.ValueType valueType(ValueType type) {
        return PprofProto.ValueType.newBuilder().setType(string(type.type())).setUnit(string(type.unit())).build();
    }

    private long string(String value) {
        return strings.computeIfAbsent(value, v -> {
            profile.addStringTable(v);
            return (long) profile.getStringTableCount() - 1;
        });
    }
}

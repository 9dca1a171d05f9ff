package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.validation.InvalidProfileException;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns one chunk's sample events into profile samples, as Pyroscope maps them: CPU samples not
 * sleeping, wall samples (and RUNNABLE wall samples as CPU in a wall recording), allocations in
 * and outside TLABs, allocation samples, live objects, monitor enters and thread parks. Events
 * carry their dynamic-label context except allocation samples, live objects and thread parks,
 * which Pyroscope does not label. An event whose stack trace the chunk lacks is skipped, a frame
 * whose method or class cannot be resolved is left out of its stack, as Pyroscope does.
 */
final class JfrSamples {
    private static final Set<String> NATIVE_FRAME_TYPES = Set.of("Native", "C++", "Kernel");

    /** The fields of one event type that the mapping reads; -1 when absent. */
    private record EventFields(String name, JfrMetadata.Type type, int stackTrace, int state, int contextId,
                               int samples, int tlabSize, int allocationSize, int weight, int duration) {
        static EventFields of(JfrMetadata.Type type) {
            return new EventFields(type.name(), type, type.fieldIndex("stackTrace"), type.fieldIndex("state"),
                    type.fieldIndex("contextId"), type.fieldIndex("samples"), type.fieldIndex("tlabSize"),
                    type.fieldIndex("allocationSize"), type.fieldIndex("weight"), type.fieldIndex("duration"));
        }

        long get(long[] longs, int index) {
            return index < 0 ? 0 : longs[index];
        }
    }

    private final Map<Long, EventFields> events = new HashMap<>();
    private final JfrPools pools;
    private final JfrConverter.Output output;
    private final boolean wallRecording;
    private final long period;
    private final long timeNanos;
    private final long durationNanos;
    private final long ticksPerSecond;

    JfrSamples(JfrMetadata metadata, JfrPools pools, JfrConverter.Output output, String profilerEvent, long period,
               long timeNanos, long durationNanos, long ticksPerSecond) {
        this.pools = pools;
        this.output = output;
        this.wallRecording = "wall".equals(profilerEvent);
        this.period = period;
        this.timeNanos = timeNanos;
        this.durationNanos = durationNanos;
        this.ticksPerSecond = ticksPerSecond;
        for (String name : new String[] {"jdk.ExecutionSample", "profiler.WallClockSample", "jdk.ObjectAllocationInNewTLAB",
                "jdk.ObjectAllocationOutsideTLAB", "jdk.ObjectAllocationSample", "profiler.LiveObject",
                "jdk.JavaMonitorEnter", "jdk.ThreadPark"}) {
            JfrMetadata.Type type = metadata.type(name);
            if (type != null) {
                events.put(type.id(), EventFields.of(type));
            }
        }
    }

    void event(long typeId, JfrValues values) throws InvalidProfileException {
        EventFields f = events.get(typeId);
        if (f == null) {
            return;
        }
        long[] longs = new long[f.type().fields().size()];
        values.read(f.type(), longs, new String[longs.length]);
        long stack = f.get(longs, f.stackTrace());
        long context = f.get(longs, f.contextId());
        switch (f.name()) {
            case "jdk.ExecutionSample" -> {
                String state = pools.threadState(f.get(longs, f.state()));
                if (state != null && !state.equals("STATE_SLEEPING")) {
                    add(JfrSampleKind.CPU, context, stack, period);
                }
                if (wallRecording) {
                    add(JfrSampleKind.WALL, context, stack, period);
                }
            }
            case "profiler.WallClockSample" -> {
                long weight = f.get(longs, f.samples()) * period;
                if (wallRecording && "STATE_RUNNABLE".equals(pools.threadState(f.get(longs, f.state())))) {
                    add(JfrSampleKind.CPU, context, stack, weight);
                }
                add(JfrSampleKind.WALL, context, stack, weight);
            }
            case "jdk.ObjectAllocationInNewTLAB" -> add(JfrSampleKind.ALLOC_IN_NEW_TLAB, context, stack, 1, f.get(longs, f.tlabSize()));
            case "jdk.ObjectAllocationOutsideTLAB" ->
                    add(JfrSampleKind.ALLOC_OUTSIDE_TLAB, context, stack, 1, f.get(longs, f.allocationSize()));
            case "jdk.ObjectAllocationSample" -> add(JfrSampleKind.ALLOC_SAMPLE, 0, stack, 1, f.get(longs, f.weight()));
            case "profiler.LiveObject" -> add(JfrSampleKind.LIVE_OBJECT, 0, stack, 1);
            case "jdk.JavaMonitorEnter" -> add(JfrSampleKind.MUTEX, context, stack, 1,
                    JfrChunkReader.ticksToNanos(f.get(longs, f.duration()), ticksPerSecond));
            case "jdk.ThreadPark" -> add(JfrSampleKind.BLOCK, 0, stack, 1,
                    JfrChunkReader.ticksToNanos(f.get(longs, f.duration()), ticksPerSecond));
            default -> {
                // not mapped
            }
        }
    }

    private void add(JfrSampleKind kind, long context, long stackKey, long... values) throws InvalidProfileException {
        int stack = pools.stack(stackKey);
        if (stack < 0) {
            return;
        }
        JfrPprofBuilder builder = output.builder(kind, context, timeNanos, durationNanos, period);
        int sample = builder.sample(stackKey);
        if (sample >= 0) {
            builder.addValues(sample, values);
            return;
        }
        int depth = pools.stackLength(stack);
        long[] locations = new long[depth];
        int at = 0;
        for (int i = 0; i < depth; i++) {
            String[] method = pools.method(pools.frameMethod(stack, i));
            if (method == null) {
                continue;
            }
            String frameType = pools.frameType(stack, i);
            boolean javaFrame = frameType == null || !NATIVE_FRAME_TYPES.contains(frameType);
            String function = JavaFrameNames.function(method[0], method[1], javaFrame);
            String file = javaFrame ? JavaFrameNames.sourceFile(method[0]) : "";
            locations[at++] = builder.location(function, file, pools.frameLine(stack, i));
        }
        builder.newSample(stackKey, at == depth ? locations : java.util.Arrays.copyOf(locations, at), values);
    }
}

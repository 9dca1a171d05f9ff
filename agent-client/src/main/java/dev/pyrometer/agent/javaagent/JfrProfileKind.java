package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.pprof.ProfileBuilder.ValueType;

import java.util.List;

/**
 * The profiles made from Flight Recorder events, named and typed as Pyroscope names the same
 * events from its Java agent's recordings (profile-core {@code JfrSampleKind}; grafana/jfr-parser):
 * process_cpu with period cpu:nanoseconds; memory alloc_in_new_tlab, alloc_outside_tlab and
 * alloc_sample objects/bytes with period space:bytes; mutex and block contentions/delay with
 * period mutex:count and block:count.
 * Values per event ({@link JfrEvents} computes them): CPU adds 1 sample and one sampling period of
 * nanoseconds; each allocation event adds 1 object and bytes as the JFR ingest counts them; lock
 * kinds add 1 contention and the wait's nanoseconds.
 */
enum JfrProfileKind {
    /** jdk.ExecutionSample → {@code process_cpu:cpu:nanoseconds:cpu:nanoseconds} (and samples:count). */
    CPU("jdk.ExecutionSample", "process_cpu",
            List.of(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds")), new ValueType("cpu", "nanoseconds")),
    /** jdk.ObjectAllocationInNewTLAB → {@code memory:alloc_in_new_tlab_objects:count:space:bytes} and {@code memory:alloc_in_new_tlab_bytes:bytes:space:bytes}. */
    ALLOC_IN_NEW_TLAB("jdk.ObjectAllocationInNewTLAB", "memory", Alloc.types("alloc_in_new_tlab"), Alloc.PERIOD),
    /** jdk.ObjectAllocationOutsideTLAB → {@code memory:alloc_outside_tlab_objects:count:space:bytes} and {@code memory:alloc_outside_tlab_bytes:bytes:space:bytes}. */
    ALLOC_OUTSIDE_TLAB("jdk.ObjectAllocationOutsideTLAB", "memory", Alloc.types("alloc_outside_tlab"), Alloc.PERIOD),
    /** jdk.ObjectAllocationSample → {@code memory:alloc_sample_objects:count:space:bytes} and {@code memory:alloc_sample_bytes:bytes:space:bytes}. */
    ALLOC_SAMPLE("jdk.ObjectAllocationSample", "memory", Alloc.types("alloc_sample"), Alloc.PERIOD),
    /** jdk.JavaMonitorEnter (contended synchronized) → {@code mutex:contentions:count:mutex:count} and {@code mutex:delay:nanoseconds:mutex:count}. */
    MUTEX("jdk.JavaMonitorEnter", "mutex", Lock.TYPES, new ValueType("mutex", "count")),
    /** jdk.ThreadPark (LockSupport.park: j.u.c locks, conditions, queues) → {@code block:contentions:count:block:count} and {@code block:delay:nanoseconds:block:count}. */
    BLOCK("jdk.ThreadPark", "block", Lock.TYPES, new ValueType("block", "count"));

    private final String event;
    private final String profileName;
    private final List<ValueType> sampleTypes;
    private final ValueType periodType;

    JfrProfileKind(String event, String profileName, List<ValueType> sampleTypes, ValueType periodType) {
        this.event = event;
        this.profileName = profileName;
        this.sampleTypes = sampleTypes;
        this.periodType = periodType;
    }

    String event() {
        return event;
    }

    String profileName() {
        return profileName;
    }

    List<ValueType> sampleTypes() {
        return sampleTypes;
    }

    ValueType periodType() {
        return periodType;
    }

    private static final class Alloc {
        static final ValueType PERIOD = new ValueType("space", "bytes");

        static List<ValueType> types(String prefix) {
            return List.of(new ValueType(prefix + "_objects", "count"), new ValueType(prefix + "_bytes", "bytes"));
        }
    }

    private static final class Lock {
        static final List<ValueType> TYPES = List.of(new ValueType("contentions", "count"), new ValueType("delay", "nanoseconds"));
    }
}

package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.pprof.ProfileBuilder.ValueType;

import java.util.List;

/**
 * The profiles made from Flight Recorder events, named and typed as Pyroscope names Java profiles.
 * Values per event: CPU adds 1 sample and one sampling period of nanoseconds; allocation adds the
 * event's weight in bytes (JFR's estimate of the bytes allocated since the thread's previous
 * sample); lock kinds add 1 contention and the wait's nanoseconds.
 */
enum JfrProfileKind {
    /** jdk.ExecutionSample → {@code process_cpu:cpu:nanoseconds:cpu:nanoseconds} (and samples:count). */
    CPU("jdk.ExecutionSample", "process_cpu",
            List.of(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds")), new ValueType("cpu", "nanoseconds")),
    /** jdk.ObjectAllocationSample → {@code memory:alloc_space:bytes:space:bytes}. */
    ALLOC("jdk.ObjectAllocationSample", "memory", List.of(new ValueType("alloc_space", "bytes")), new ValueType("space", "bytes")),
    /** jdk.JavaMonitorEnter (contended synchronized) → {@code mutex:contentions:count} and {@code mutex:delay:nanoseconds}. */
    MUTEX("jdk.JavaMonitorEnter", "mutex", Lock.TYPES, Lock.PERIOD),
    /** jdk.ThreadPark (LockSupport.park: j.u.c locks, conditions, queues) → {@code block:contentions:count} and {@code block:delay:nanoseconds}. */
    BLOCK("jdk.ThreadPark", "block", Lock.TYPES, Lock.PERIOD);

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

    private static final class Lock {
        static final List<ValueType> TYPES = List.of(new ValueType("contentions", "count"), new ValueType("delay", "nanoseconds"));
        static final ValueType PERIOD = new ValueType("contentions", "count");
    }
}

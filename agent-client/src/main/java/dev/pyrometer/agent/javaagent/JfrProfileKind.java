package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.pprof.ProfileBuilder.ValueType;

import java.util.List;

/**
 * The profiles made from Flight Recorder events, named and typed as Pyroscope names the same
 * events from its Java agent's recordings (profile-core {@code JfrSampleKind}; grafana/jfr-parser):
 * process_cpu with period cpu:nanoseconds, memory alloc_sample_bytes with period space:bytes,
 * mutex and block contentions/delay with period mutex:count and block:count.
 * Values per event: CPU adds 1 sample and one sampling period of nanoseconds; allocation adds the
 * event's weight in bytes (JFR's estimate of the bytes allocated since the thread's previous
 * sample); lock kinds add 1 contention and the wait's nanoseconds.
 */
enum JfrProfileKind {
    /** jdk.ExecutionSample → {@code process_cpu:cpu:nanoseconds:cpu:nanoseconds} (and samples:count). */
    CPU("jdk.ExecutionSample", "process_cpu",
            List.of(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds")), new ValueType("cpu", "nanoseconds")),
    /** jdk.ObjectAllocationSample → {@code memory:alloc_sample_bytes:bytes:space:bytes}, as Pyroscope maps that event. */
    ALLOC("jdk.ObjectAllocationSample", "memory", List.of(new ValueType("alloc_sample_bytes", "bytes")), new ValueType("space", "bytes")),
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

    private static final class Lock {
        static final List<ValueType> TYPES = List.of(new ValueType("contentions", "count"), new ValueType("delay", "nanoseconds"));
    }
}

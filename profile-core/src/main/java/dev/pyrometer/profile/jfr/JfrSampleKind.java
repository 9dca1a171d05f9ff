package dev.pyrometer.profile.jfr;

import java.util.List;

/**
 * The profiles Pyroscope makes from JFR events, with its names, sample types and period types
 * (grafana/jfr-parser, pprof package). Values per event are listed with each kind.
 */
enum JfrSampleKind {
    /** jdk.ExecutionSample not in STATE_SLEEPING, and RUNNABLE wall samples of a wall recording: period ns per sample. */
    CPU("process_cpu", List.of(new ValueType("cpu", "nanoseconds")), new ValueType("cpu", "nanoseconds")),
    /** profiler.WallClockSample (and jdk.ExecutionSample of a wall recording): samples × period ns. */
    WALL("wall", List.of(new ValueType("wall", "nanoseconds")), new ValueType("wall", "nanoseconds")),
    /** jdk.ObjectAllocationInNewTLAB: 1 object, tlabSize bytes. */
    ALLOC_IN_NEW_TLAB("memory", List.of(new ValueType("alloc_in_new_tlab_objects", "count"),
            new ValueType("alloc_in_new_tlab_bytes", "bytes")), new ValueType("space", "bytes")),
    /** jdk.ObjectAllocationOutsideTLAB: 1 object, allocationSize bytes. */
    ALLOC_OUTSIDE_TLAB("memory", List.of(new ValueType("alloc_outside_tlab_objects", "count"),
            new ValueType("alloc_outside_tlab_bytes", "bytes")), new ValueType("space", "bytes")),
    /** jdk.ObjectAllocationSample: 1 object, weight bytes. */
    ALLOC_SAMPLE("memory", List.of(new ValueType("alloc_sample_objects", "count"),
            new ValueType("alloc_sample_bytes", "bytes")), new ValueType("space", "bytes")),
    /** profiler.LiveObject: 1 live object. */
    LIVE_OBJECT("memory", List.of(new ValueType("live", "count")), new ValueType("objects", "count")),
    /** jdk.JavaMonitorEnter: 1 contention, the wait in nanoseconds. */
    MUTEX("mutex", List.of(new ValueType("contentions", "count"), new ValueType("delay", "nanoseconds")),
            new ValueType("mutex", "count")),
    /** jdk.ThreadPark: 1 contention, the park in nanoseconds. */
    BLOCK("block", List.of(new ValueType("contentions", "count"), new ValueType("delay", "nanoseconds")),
            new ValueType("block", "count"));

    /** A pprof value type: type and unit strings. */
    record ValueType(String type, String unit) {
    }

    private final String profileName;
    private final List<ValueType> sampleTypes;
    private final ValueType periodType;

    JfrSampleKind(String profileName, List<ValueType> sampleTypes, ValueType periodType) {
        this.profileName = profileName;
        this.sampleTypes = sampleTypes;
        this.periodType = periodType;
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
}

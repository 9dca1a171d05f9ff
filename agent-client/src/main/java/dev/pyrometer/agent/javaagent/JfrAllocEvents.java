package dev.pyrometer.agent.javaagent;

import java.util.List;

/**
 * Which Flight Recorder events the javaagent's allocation profiles come from (setting
 * {@code jfr.alloc.events}).
 */
public enum JfrAllocEvents {
    /**
     * jdk.ObjectAllocationInNewTLAB and jdk.ObjectAllocationOutsideTLAB, the events Pyroscope's
     * Java agent (async-profiler) reports, so a JVM shows the same allocation types under either
     * agent. One event per TLAB the JVM hands a thread plus one per object allocated outside a
     * TLAB: the rate follows the allocation rate and the TLAB size; JFR offers no throttle for them.
     */
    TLAB(List.of(JfrProfileKind.ALLOC_IN_NEW_TLAB, JfrProfileKind.ALLOC_OUTSIDE_TLAB)),
    /** jdk.ObjectAllocationSample, throttled to {@code jfr.alloc.throttle} events per time unit. */
    SAMPLE(List.of(JfrProfileKind.ALLOC_SAMPLE));

    private final List<JfrProfileKind> kinds;

    JfrAllocEvents(List<JfrProfileKind> kinds) {
        this.kinds = kinds;
    }

    /** The profiles these events make, one per event type. */
    List<JfrProfileKind> kinds() {
        return kinds;
    }

    /** The setting's value for this choice: {@code tlab} or {@code sample}. */
    String settingValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

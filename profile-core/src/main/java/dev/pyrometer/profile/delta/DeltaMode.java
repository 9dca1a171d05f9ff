package dev.pyrometer.profile.delta;

/** How a cumulative profile's decreases are read. */
public enum DeltaMode {
    /**
     * Counters only grow within a process (alloc_*, mutex and block contentions and delay): any
     * stack whose value fell, or that vanished, means the process restarted.
     */
    RESTART_ON_DECREASE,
    /**
     * Counts that may legitimately fall (Go's threadcreate lists the creation stacks of threads
     * still alive, so it shrinks when a thread exits): a fall is read as zero, never as a restart.
     */
    CLAMP_AT_ZERO
}

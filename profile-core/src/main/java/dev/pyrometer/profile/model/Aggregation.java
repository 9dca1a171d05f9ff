package dev.pyrometer.profile.model;

/**
 * How the values of one profile type combine over a window of snapshots.
 */
public enum Aggregation {
    /** Events counted per interval (cpu time, allocations, contentions): a window is their sum. */
    SUM,
    /** A state observed at an instant (in-use memory, live goroutines): a window is the mean over its snapshots. */
    AVERAGE
}

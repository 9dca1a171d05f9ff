package dev.pyrometer.storage.payload;

import java.util.Arrays;

/**
 * Sums payloads by stack id. Durations add up; the period is the last one merged (the period of
 * one series does not change in practice). The sums live in an open-addressing table of
 * primitive longs (ids are positive, so 0 marks a free slot): merging allocates nothing per
 * stack. Not thread-safe.
 */
public final class PayloadMerger {
    private static final int INITIAL_CAPACITY = 64;

    private long[] ids = new long[INITIAL_CAPACITY];
    private long[] sums = new long[INITIAL_CAPACITY];
    private int size;
    private long period;
    private long durationNanos;
    private int snapshots;

    /**
     * Adds a payload that itself covers {@code payloadSnapshots} snapshots. A negative count takes out a payload merged
     * before (or contained in one merged before): its values, duration and snapshots are subtracted, the period kept.
     */
    public void add(Payload payload, int payloadSnapshots) {
        long[] stackIds = payload.stackIds();
        long[] values = payload.values();
        int sign = payloadSnapshots < 0 ? -1 : 1;
        for (int i = 0; i < stackIds.length; i++) {
            add(stackIds[i], sign * values[i]);
        }
        if (sign > 0) {
            period = payload.period();
        }
        durationNanos += sign * payload.durationNanos();
        snapshots += payloadSnapshots;
    }

    /** Distinct stacks held so far. */
    public int size() {
        return size;
    }

    public int snapshots() {
        return snapshots;
    }

    /** The merged payload; stacks whose values summed to zero are left out. */
    public Payload result() {
        int kept = 0;
        long[] keptIds = new long[size];
        for (int slot = 0; slot < ids.length; slot++) {
            if (ids[slot] != 0 && sums[slot] != 0) {
                keptIds[kept++] = ids[slot];
            }
        }
        long[] resultIds = Arrays.copyOf(keptIds, kept);
        Arrays.sort(resultIds);
        long[] values = new long[kept];
        for (int i = 0; i < kept; i++) {
            values[i] = sums[slotOf(resultIds[i])];
        }
        return new Payload(period, durationNanos, resultIds, values);
    }

    private void add(long id, long value) {
        if (id <= 0) {
            throw new IllegalArgumentException("stack ids are positive, was " + id);
        }
        int slot = slotOf(id);
        if (ids[slot] == 0) {
            if ((size + 1) * 4 > ids.length * 3) {
                grow();
                slot = slotOf(id);
            }
            ids[slot] = id;
            size++;
        }
        sums[slot] += value;
    }

    /** The slot holding {@code id}, or the free slot where it belongs (linear probing). */
    private int slotOf(long id) {
        int mask = ids.length - 1;
        int slot = Long.hashCode(id * 0x9E3779B97F4A7C15L) & mask;
        while (ids[slot] != 0 && ids[slot] != id) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldIds = ids;
        long[] oldSums = sums;
        ids = new long[oldIds.length * 2];
        sums = new long[oldIds.length * 2];
        for (int slot = 0; slot < oldIds.length; slot++) {
            if (oldIds[slot] != 0) {
                int target = slotOf(oldIds[slot]);
                ids[target] = oldIds[slot];
                sums[target] = oldSums[slot];
            }
        }
    }
}

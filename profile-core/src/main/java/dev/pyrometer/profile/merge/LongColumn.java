package dev.pyrometer.profile.merge;

import java.util.Arrays;

/** A growable array of long sums indexed by stack slot; unset slots read 0. */
final class LongColumn {
    private long[] values = new long[64];

    void add(int slot, long value) {
        if (slot >= values.length) {
            values = Arrays.copyOf(values, Math.max(slot + 1, values.length * 2));
        }
        values[slot] = Math.addExact(values[slot], value);
    }

    long get(int slot) {
        return slot < values.length ? values[slot] : 0;
    }
}

package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.model.SeededHash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Interns sequences of ints (location-index sequences, label string-index pairs) to dense ids
 * 0..size-1, comparing by content, so that a sequence seen again costs no allocation. Memory per
 * distinct sequence: its copy ({@code 16 + 4 × length} bytes), a list slot and at most 16 bytes
 * of hash table.
 */
final class IntSequences {
    private static final int ABSENT = -1;

    private final List<int[]> sequences = new ArrayList<>();
    private final SeededHash hashing = new SeededHash();
    private int[] slots = newSlots(16);

    /** The id of {@code values[0, length)}, or -1 when it has not been added. */
    int find(int[] values, int length) {
        return slots[slot(slots, values, length, hash(values, length))];
    }

    /** Adds {@code values[0, length)}, which {@link #find} did not find, and returns its new id. */
    int add(int[] values, int length) {
        int id = sequences.size();
        sequences.add(Arrays.copyOf(values, length));
        if ((id + 1) * 4L > slots.length * 3L) {
            grow();
        }
        slots[slot(slots, values, length, hash(values, length))] = id;
        return id;
    }

    int size() {
        return sequences.size();
    }

    private void grow() {
        int[] larger = newSlots(slots.length * 2);
        for (int id = 0; id < sequences.size(); id++) {
            int[] sequence = sequences.get(id);
            int slot = slot(larger, sequence, sequence.length, hash(sequence, sequence.length));
            larger[slot] = id;
        }
        slots = larger;
    }

    /** The slot holding the sequence, or the empty slot where it would go; linear probing. */
    private int slot(int[] table, int[] values, int length, int hash) {
        int mask = table.length - 1;
        int slot = hash & mask;
        while (table[slot] != ABSENT && !equal(sequences.get(table[slot]), values, length)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static boolean equal(int[] sequence, int[] values, int length) {
        return sequence.length == length && Arrays.equals(sequence, 0, length, values, 0, length);
    }

    private int hash(int[] values, int length) {
        int hash = hashing.add(hashing.start(), length);
        for (int i = 0; i < length; i++) {
            hash = hashing.add(hash, values[i]);
        }
        return hashing.finish(hash);
    }

    private static int[] newSlots(int size) {
        int[] table = new int[size];
        Arrays.fill(table, ABSENT);
        return table;
    }
}

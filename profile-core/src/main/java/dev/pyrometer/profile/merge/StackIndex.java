package dev.pyrometer.profile.merge;

import dev.pyrometer.profile.model.FrameIndexMap;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.SeriesProfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Gives each distinct resolved stack a dense slot 0..size-1, whatever frame table the stack came from:
 * frames are re-interned into one output {@link FrameTable} (once per source table and frame), and two
 * stacks share a slot when their frames are equal. Slots are numbered in first-seen order. Not thread-safe.
 *
 * <p>A lookup allocates nothing: the stack is remapped into a scratch buffer and found in an
 * open-addressing table of slots; only a new stack is copied.
 */
final class StackIndex {
    private final FrameTable frames = new FrameTable();
    private final FrameIndexMap remap = new FrameIndexMap(frames::intern);
    private final List<int[]> stacks = new ArrayList<>();
    private int[] hashes = new int[64];
    /** Open addressing, linear probing: slot + 1, or 0 when empty. Never more than half full. */
    private int[] table = new int[128];
    private int[] scratch = new int[64];

    /** The slot of {@code stack} (frame indexes of {@code source}, leaf first), adding it when new. */
    int slot(FrameTable source, int[] stack) {
        if (stack.length > scratch.length) {
            scratch = new int[Math.max(stack.length, scratch.length * 2)];
        }
        int hash = 1;
        for (int i = 0; i < stack.length; i++) {
            int frame = remap.get(source, stack[i]);
            scratch[i] = frame;
            hash = 31 * hash + frame;
        }
        int mask = table.length - 1;
        int at = spread(hash) & mask;
        for (int entry = table[at]; entry != 0; entry = table[at]) {
            int slot = entry - 1;
            if (hashes[slot] == hash && Arrays.equals(stacks.get(slot), 0, stacks.get(slot).length, scratch, 0, stack.length)) {
                return slot;
            }
            at = (at + 1) & mask;
        }
        int slot = stacks.size();
        stacks.add(Arrays.copyOf(scratch, stack.length));
        if (slot == hashes.length) {
            hashes = Arrays.copyOf(hashes, slot * 2);
        }
        hashes[slot] = hash;
        table[at] = slot + 1;
        if (2 * stacks.size() > table.length) {
            rehash();
        }
        return slot;
    }

    /** Adds each non-zero value of {@code profile} to {@code column} at its stack's slot. */
    void addValues(SeriesProfile profile, LongColumn column) {
        int[][] profileStacks = profile.stacks();
        long[] profileValues = profile.values();
        for (int i = 0; i < profileStacks.length; i++) {
            if (profileValues[i] != 0) {
                column.add(slot(profile.frames(), profileStacks[i]), profileValues[i]);
            }
        }
    }

    int size() {
        return stacks.size();
    }

    /** The stack of {@code slot} as indexes of {@link #frames()}; do not modify. */
    int[] stack(int slot) {
        return stacks.get(slot);
    }

    FrameTable frames() {
        return frames;
    }

    /** A profile of every slot whose value is not 0, in slot order, with {@code header}'s fields. */
    SeriesProfile toProfile(ProfileHeader header, IntToLongFunction valueOfSlot) {
        List<int[]> kept = new ArrayList<>(stacks.size());
        long[] values = new long[stacks.size()];
        for (int slot = 0; slot < stacks.size(); slot++) {
            long value = valueOfSlot.applyAsLong(slot);
            if (value != 0) {
                values[kept.size()] = value;
                kept.add(stacks.get(slot).clone());
            }
        }
        return new SeriesProfile(header.type(), header.labels(), header.timeNanos(), header.durationNanos(), header.period(),
                frames, kept.toArray(new int[0][]), Arrays.copyOf(values, kept.size()));
    }

    private static int spread(int hash) {
        int mixed = hash * 0x9E3779B9;
        return mixed ^ (mixed >>> 16);
    }

    private void rehash() {
        table = new int[table.length * 2];
        int mask = table.length - 1;
        for (int slot = 0; slot < stacks.size(); slot++) {
            int at = spread(hashes[slot]) & mask;
            while (table[at] != 0) {
                at = (at + 1) & mask;
            }
            table[at] = slot + 1;
        }
    }
}

package dev.pyrometer.profile.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Interns frames to dense indexes 0..size-1 so that stacks are plain {@code int[]}.
 * Not thread-safe; one table belongs to one decoded upload (shared by its series).
 *
 * <p>Memory per frame beyond the frame itself: a list slot and an open-addressing table of
 * {@code int} indexes kept at most 3/4 full, together under 20 bytes. A table made for an expected
 * number of frames holds that many without growing (growing hashes every frame again).
 */
public final class FrameTable {
    private static final int ABSENT = -1;

    private final List<Frame> frames;
    private final SeededHash hashing = new SeededHash();
    private int[] slots;

    public FrameTable() {
        this(12);
    }

    /** A table with room for {@code expectedFrames} frames before it grows. */
    public FrameTable(int expectedFrames) {
        if (expectedFrames < 0) {
            throw new IllegalArgumentException("expected frames must not be negative: " + expectedFrames);
        }
        frames = new ArrayList<>(expectedFrames);
        slots = newSlots(slotsFor(expectedFrames));
    }

    /** The index of {@code frame}, adding it when new. */
    public int intern(Frame frame) {
        int slot = slot(slots, frame);
        if (slots[slot] != ABSENT) {
            return slots[slot];
        }
        int index = frames.size();
        frames.add(frame);
        slots[slot] = index;
        if ((index + 1) * 4L > slots.length * 3L) {
            grow();
        }
        return index;
    }

    public Frame get(int index) {
        return frames.get(index);
    }

    public int size() {
        return frames.size();
    }

    private void grow() {
        int[] larger = newSlots(slots.length * 2);
        for (int index = 0; index < frames.size(); index++) {
            larger[slot(larger, frames.get(index))] = index;
        }
        slots = larger;
    }

    /** The slot holding {@code frame}, or the empty slot where it would go; linear probing. */
    private int slot(int[] table, Frame frame) {
        int mask = table.length - 1;
        int hash = hashing.add(hashing.add(hashing.add(hashing.start(), frame.function()), frame.file()), frame.line());
        int slot = hashing.finish(hash) & mask;
        while (table[slot] != ABSENT && !frames.get(table[slot]).equals(frame)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** The smallest power of two, at least 16, that holds {@code frames} at most 3/4 full. */
    private static int slotsFor(int frames) {
        long needed = Math.max(16, (frames * 4L + 2) / 3);
        return (int) Math.min(1 << 30, Long.highestOneBit(needed - 1) << 1);
    }

    private static int[] newSlots(int size) {
        int[] table = new int[size];
        Arrays.fill(table, ABSENT);
        return table;
    }
}

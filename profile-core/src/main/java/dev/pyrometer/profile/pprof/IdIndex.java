package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.model.SeededHash;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;

import java.util.Arrays;

/**
 * Finds the position of a pprof id (function, location or mapping id) in the table it was read
 * into. Ids that are exactly 1..n in table order, as Go and most encoders write them, need no
 * memory; other ids use an open-addressing table of {@code int} positions with a load of at
 * least 3/8, so at most 11 bytes per id.
 */
final class IdIndex {
    private static final int ABSENT = -1;

    private final long[] ids;
    private final int count;
    private final SeededHash hashing;
    /** Positions into {@link #ids}, or null when id i+1 sits at position i. */
    private final int[] slots;

    private IdIndex(long[] ids, int count, int[] slots, SeededHash hashing) {
        this.ids = ids;
        this.count = count;
        this.slots = slots;
        this.hashing = hashing;
    }

    /**
     * Indexes {@code ids[0, count)}; {@code what} names the table in the refusal of a repeated id.
     *
     * @throws InvalidProfileException {@link Problem#MALFORMED} when an id appears twice
     */
    static IdIndex of(long[] ids, int count, String what) throws InvalidProfileException {
        boolean dense = true;
        for (int i = 0; i < count && dense; i++) {
            dense = ids[i] == i + 1;
        }
        if (dense) {
            return new IdIndex(ids, count, null, null);
        }
        int[] slots = new int[Integer.highestOneBit(Math.max(4, count + count / 3)) << 1];
        Arrays.fill(slots, ABSENT);
        SeededHash hashing = new SeededHash();
        for (int i = 0; i < count; i++) {
            int slot = slot(slots, ids, ids[i], hashing);
            if (slots[slot] != ABSENT) {
                throw new InvalidProfileException(Problem.MALFORMED, what + " id " + Long.toUnsignedString(ids[i]) + " appears twice");
            }
            slots[slot] = i;
        }
        return new IdIndex(ids, count, slots, hashing);
    }

    /** The position of {@code id}, or -1 when the table has no such id. */
    int find(long id) {
        if (slots == null) {
            return id >= 1 && id <= count ? (int) (id - 1) : ABSENT;
        }
        return slots[slot(slots, ids, id, hashing)];
    }

    /** The slot holding {@code id}, or the empty slot where it would go; linear probing. */
    private static int slot(int[] slots, long[] ids, long id, SeededHash hashing) {
        int mask = slots.length - 1;
        int slot = hashing.finish(hashing.add(hashing.start(), id)) & mask;
        while (slots[slot] != ABSENT && ids[slots[slot]] != id) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }
}

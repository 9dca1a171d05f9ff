package dev.pyrometer.profile.model;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Hashes for tables whose keys come from an upload. Each instance draws a random seed and mixes
 * every input nonlinearly, so a sender cannot craft keys that collide (as {@code String.hashCode}
 * collisions, or Thue-Morse strings under any polynomial hash, would) to make interning quadratic.
 * Not a cryptographic hash; equal inputs hash equally within one instance only.
 */
public final class SeededHash {
    private final int seed = ThreadLocalRandom.current().nextInt();

    /** A fresh hash state. */
    public int start() {
        return seed;
    }

    /** Folds {@code value} into {@code hash}. */
    public int add(int hash, int value) {
        int mixed = (hash ^ value) * 0x9E3779B1;
        return Integer.rotateLeft(mixed ^ (mixed >>> 15) ^ seed, 13) * 5 + 0xE6546B64;
    }

    public int add(int hash, long value) {
        return add(add(hash, (int) value), (int) (value >>> 32));
    }

    /** Folds {@code text}'s length, then its chars two at a time (one mixing step per 32 bits). */
    public int add(int hash, String text) {
        int length = text.length();
        int h = add(hash, length);
        int i = 0;
        for (; i + 1 < length; i += 2) {
            h = add(h, text.charAt(i) | text.charAt(i + 1) << 16);
        }
        if (i < length) {
            h = add(h, text.charAt(i));
        }
        return h;
    }

    /** The final hash, its bits spread for masking with a power-of-two table size. */
    public int finish(int hash) {
        hash ^= hash >>> 16;
        hash *= 0x85EBCA6B;
        return hash ^ (hash >>> 13);
    }
}

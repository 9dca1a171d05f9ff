package dev.pyrometer.storage.dictionary;

import java.util.Arrays;

/** A stack as the dictionary stores it: frame dictionary ids, leaf first. Equality is by content. */
public record StackKey(long[] frameIds) {
    @Override
    public boolean equals(Object other) {
        return other instanceof StackKey key && Arrays.equals(frameIds, key.frameIds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(frameIds);
    }

    @Override
    public String toString() {
        return Arrays.toString(frameIds);
    }
}

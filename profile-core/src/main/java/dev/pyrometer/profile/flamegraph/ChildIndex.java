package dev.pyrometer.profile.flamegraph;

/**
 * The child node of a (parent node, name id) pair, as a primitive open-addressing hash table (linear
 * probing, never more than half full): the call tree builder looks one up per frame of every stack, so it
 * must not box. Node 0 (the root) is never a child, which lets 0 mean "empty".
 */
final class ChildIndex {
    private long[] keys = new long[1024];
    private int[] children = new int[1024];
    private int size;

    /** The child of {@code parent} named {@code nameId}, or -1. */
    int get(int parent, int nameId) {
        long key = key(parent, nameId);
        int mask = keys.length - 1;
        for (int at = hash(key) & mask; children[at] != 0; at = (at + 1) & mask) {
            if (keys[at] == key) {
                return children[at];
            }
        }
        return -1;
    }

    /** Records {@code child} (> 0) as the child of {@code parent} named {@code nameId}, which must be new. */
    void put(int parent, int nameId, int child) {
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        insert(key(parent, nameId), child);
        size++;
    }

    private void insert(long key, int child) {
        int mask = keys.length - 1;
        int at = hash(key) & mask;
        while (children[at] != 0) {
            at = (at + 1) & mask;
        }
        keys[at] = key;
        children[at] = child;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldChildren = children;
        keys = new long[oldKeys.length * 2];
        children = new int[oldChildren.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldChildren[i] != 0) {
                insert(oldKeys[i], oldChildren[i]);
            }
        }
    }

    private static long key(int parent, int nameId) {
        return ((long) parent << 32) | (nameId & 0xffffffffL);
    }

    private static int hash(long key) {
        long mixed = key * 0x9E3779B97F4A7C15L;
        return (int) (mixed ^ (mixed >>> 32));
    }
}

package dev.pyrometer.profile.flamegraph;

import java.util.Arrays;

/**
 * Appends nodes in preorder (a node, then its subtrees left to right) and makes a {@link CallTree} of them.
 * A node's subtree ends when {@link #close} is called for it, after all its descendants were added.
 */
final class PreorderWriter {
    private final int columns;
    private String[] names;
    private NodeKind[] kinds;
    private int[] parents;
    private int[] depths;
    private int[] ends;
    private long[] self;
    private long[] total;
    private int size;

    PreorderWriter(int columns, int expectedSize) {
        this.columns = columns;
        int capacity = Math.max(16, expectedSize);
        names = new String[capacity];
        kinds = new NodeKind[capacity];
        parents = new int[capacity];
        depths = new int[capacity];
        ends = new int[capacity];
        self = new long[capacity * columns];
        total = new long[capacity * columns];
    }

    /** Opens a node under {@code parent} (-1 for the root); {@code self} and {@code total} hold one value per column. */
    int open(String name, NodeKind kind, int parent, long[] nodeSelf, int selfOffset, long[] nodeTotal, int totalOffset) {
        if (size == names.length) {
            grow();
        }
        int node = size++;
        names[node] = name;
        kinds[node] = kind;
        parents[node] = parent;
        depths[node] = parent < 0 ? 0 : depths[parent] + 1;
        System.arraycopy(nodeSelf, selfOffset, self, node * columns, columns);
        System.arraycopy(nodeTotal, totalOffset, total, node * columns, columns);
        return node;
    }

    void close(int node) {
        ends[node] = size;
    }

    CallTree build() {
        return new CallTree(columns, Arrays.copyOf(names, size), Arrays.copyOf(kinds, size), Arrays.copyOf(parents, size),
                Arrays.copyOf(depths, size), Arrays.copyOf(ends, size),
                Arrays.copyOf(self, size * columns), Arrays.copyOf(total, size * columns));
    }

    private void grow() {
        int capacity = names.length * 2;
        names = Arrays.copyOf(names, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
        parents = Arrays.copyOf(parents, capacity);
        depths = Arrays.copyOf(depths, capacity);
        ends = Arrays.copyOf(ends, capacity);
        self = Arrays.copyOf(self, capacity * columns);
        total = Arrays.copyOf(total, capacity * columns);
    }
}

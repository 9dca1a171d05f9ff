package dev.pyrometer.profile.flamegraph;

/**
 * An immutable call tree aggregated by function name, carrying one or more value columns per node (one
 * for a flame graph; left and right for a diff). Values are in the profile type's sample unit.
 *
 * <p>Nodes are numbered 0..size-1 in preorder: node 0 is the root, a node's subtree is the range
 * {@code [node, end(node))}, and its children are {@code node + 1}, then each next child starts where the
 * previous child's subtree ends. Children are ordered by name ({@link String#compareTo}), with an
 * {@link NodeKind#OTHER} node, if any, last.
 *
 * <p>Invariant, per column: {@code total(n) = self(n) + Σ total(children of n)}. {@code self} of a
 * function node is the value of the stacks that end there (the function is their leaf); the root's total
 * is the profile total, its self the frameless stacks. Function names are data, never interpreted.
 */
public final class CallTree {
    /** The root's name, as in Pyroscope's flame graphs. */
    public static final String ROOT_NAME = "total";
    /** The name of the node that holds a parent's folded children after {@link #truncate}. */
    public static final String OTHER_NAME = "other";

    private final int columns;
    private final String[] names;
    private final NodeKind[] kinds;
    private final int[] parents;
    private final int[] depths;
    private final int[] ends;
    private final long[] self;
    private final long[] total;

    CallTree(int columns, String[] names, NodeKind[] kinds, int[] parents, int[] depths, int[] ends, long[] self, long[] total) {
        this.columns = columns;
        this.names = names;
        this.kinds = kinds;
        this.parents = parents;
        this.depths = depths;
        this.ends = ends;
        this.self = self;
        this.total = total;
    }

    /** Value columns per node: 1 for a flame graph, 2 (left, right) for a diff. */
    public int columns() {
        return columns;
    }

    /** Number of nodes, the root and any "other" nodes included. */
    public int size() {
        return names.length;
    }

    public String name(int node) {
        return names[node];
    }

    public NodeKind kind(int node) {
        return kinds[node];
    }

    /** The parent node, or -1 for the root. */
    public int parent(int node) {
        return parents[node];
    }

    /** 0 for the root, 1 for its children, and so on. */
    public int depth(int node) {
        return depths[node];
    }

    /** One past the last node of {@code node}'s subtree. */
    public int end(int node) {
        return ends[node];
    }

    /** The children of {@code node}, in order. */
    public int[] children(int node) {
        int count = 0;
        for (int child = node + 1; child < ends[node]; child = ends[child]) {
            count++;
        }
        int[] children = new int[count];
        int i = 0;
        for (int child = node + 1; child < ends[node]; child = ends[child]) {
            children[i++] = child;
        }
        return children;
    }

    public long self(int node, int column) {
        return self[node * columns + checkColumn(column)];
    }

    public long total(int node, int column) {
        return total[node * columns + checkColumn(column)];
    }

    /** The largest total of {@code node} over the columns: what {@link #truncate} ranks nodes by. */
    public long rank(int node) {
        long rank = total[node * columns];
        for (int column = 1; column < columns; column++) {
            rank = Math.max(rank, total[node * columns + column]);
        }
        return rank;
    }

    /** Number of {@link NodeKind#FUNCTION} nodes: what {@code maxNodes} bounds. */
    public int functionNodeCount() {
        int count = 0;
        for (NodeKind kind : kinds) {
            if (kind == NodeKind.FUNCTION) {
                count++;
            }
        }
        return count;
    }

    /**
     * This tree cut to at most {@code maxNodes} function nodes: the ones with the largest {@link #rank}
     * (ties go to the node earlier in preorder, so every kept node's parent is kept), and under each kept
     * node the children that were not kept folded into one "other" node whose self and total, per column,
     * are the sum of their totals. Totals of kept nodes do not change, so the invariant still holds. The
     * result has at most {@code maxNodes} function nodes plus the root plus at most one "other" per kept
     * node with a folded child. Returns this tree when nothing needs folding.
     */
    public CallTree truncate(int maxNodes) {
        return Truncation.truncate(this, maxNodes);
    }

    private int checkColumn(int column) {
        if (column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("column " + column + " of a tree with " + columns + " columns");
        }
        return column;
    }

    // Package-private raw access for the writer-based transformations.

    long[] selfArray() {
        return self;
    }

    long[] totalArray() {
        return total;
    }
}

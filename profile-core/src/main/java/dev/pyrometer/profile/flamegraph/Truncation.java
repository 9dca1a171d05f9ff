package dev.pyrometer.profile.flamegraph;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Cuts a {@link CallTree} to its {@code maxNodes} largest function nodes (see {@link CallTree#truncate}).
 *
 * <p>Selection is best-first from the root: a frontier of children of kept nodes, largest rank first
 * (earlier preorder on ties). With non-negative values a child never outranks its parent, so this keeps
 * exactly the {@code maxNodes} largest nodes overall; with any values it keeps a connected tree.
 */
final class Truncation {
    private Truncation() {
    }

    static CallTree truncate(CallTree tree, int maxNodes) {
        if (maxNodes < 0) {
            throw new IllegalArgumentException("maxNodes must be >= 0, not " + maxNodes);
        }
        if (tree.functionNodeCount() <= maxNodes) {
            return tree;
        }
        boolean[] kept = select(tree, maxNodes);
        PreorderWriter writer = new PreorderWriter(tree.columns(), (int) Math.min(tree.size(), 2L * maxNodes + 2));
        copy(tree, 0, -1, kept, writer);
        return writer.build();
    }

    private static boolean[] select(CallTree tree, int maxNodes) {
        boolean[] kept = new boolean[tree.size()];
        kept[0] = true;
        PriorityQueue<Integer> frontier = new PriorityQueue<>(
                Comparator.comparingLong((Integer node) -> tree.rank(node)).reversed().thenComparingInt(node -> node));
        addChildren(tree, 0, frontier);
        for (int taken = 0; taken < maxNodes && !frontier.isEmpty(); taken++) {
            int node = frontier.poll();
            kept[node] = true;
            addChildren(tree, node, frontier);
        }
        return kept;
    }

    private static void addChildren(CallTree tree, int node, PriorityQueue<Integer> frontier) {
        for (int child = node + 1; child < tree.end(node); child = tree.end(child)) {
            frontier.add(child);
        }
    }

    /** Copies kept {@code node} and its kept descendants; recursion depth is the stack depth (bounded at ingest). */
    private static void copy(CallTree tree, int node, int newParent, boolean[] kept, PreorderWriter writer) {
        int columns = tree.columns();
        int copied = writer.open(tree.name(node), tree.kind(node), newParent,
                tree.selfArray(), node * columns, tree.totalArray(), node * columns);
        long[] folded = new long[columns];
        boolean anyFolded = false;
        for (int child = node + 1; child < tree.end(node); child = tree.end(child)) {
            if (kept[child]) {
                copy(tree, child, copied, kept, writer);
            } else {
                anyFolded = true;
                for (int column = 0; column < columns; column++) {
                    folded[column] += tree.total(child, column);
                }
            }
        }
        if (anyFolded) {
            int other = writer.open(CallTree.OTHER_NAME, NodeKind.OTHER, copied, folded, 0, folded, 0);
            writer.close(other);
        }
        writer.close(copied);
    }
}

package dev.pyrometer.profile.testing;

import dev.pyrometer.profile.flamegraph.CallTree;
import dev.pyrometer.profile.flamegraph.NodeKind;

/** Checks what every {@link CallTree} promises; fails with an {@link AssertionError} naming the node. */
public final class TreeInvariants {
    private TreeInvariants() {
    }

    /**
     * Per column, every node's total is its self plus its children's totals; node 0 is the only root;
     * parents and depths agree with the preorder ranges; children are ordered by name with an "other" last
     * and at most one "other" per parent, which has no children and self = total.
     */
    public static void check(CallTree tree) {
        if (tree.kind(0) != NodeKind.ROOT || tree.parent(0) != -1 || tree.end(0) != tree.size()) {
            throw new AssertionError("node 0 is not a root spanning the tree");
        }
        for (int node = 0; node < tree.size(); node++) {
            if (node > 0 && tree.kind(node) == NodeKind.ROOT) {
                throw new AssertionError("node " + node + " is a second root");
            }
            int[] children = tree.children(node);
            for (int column = 0; column < tree.columns(); column++) {
                long sum = tree.self(node, column);
                for (int child : children) {
                    sum += tree.total(child, column);
                }
                if (sum != tree.total(node, column)) {
                    throw new AssertionError("node " + node + " (" + tree.name(node) + ") column " + column + ": total "
                            + tree.total(node, column) + " but self + children = " + sum);
                }
            }
            for (int i = 0; i < children.length; i++) {
                int child = children[i];
                if (tree.parent(child) != node || tree.depth(child) != tree.depth(node) + 1) {
                    throw new AssertionError("node " + child + " has parent " + tree.parent(child) + ", expected " + node);
                }
                if (tree.kind(child) == NodeKind.OTHER) {
                    if (i != children.length - 1 || tree.end(child) != child + 1) {
                        throw new AssertionError("'other' node " + child + " is not a last, childless child");
                    }
                    for (int column = 0; column < tree.columns(); column++) {
                        if (tree.self(child, column) != tree.total(child, column)) {
                            throw new AssertionError("'other' node " + child + " has self != total");
                        }
                    }
                } else if (i > 0 && tree.name(children[i - 1]).compareTo(tree.name(child)) >= 0) {
                    throw new AssertionError("children of node " + node + " are not ordered by name: "
                            + tree.name(children[i - 1]) + " before " + tree.name(child));
                }
            }
        }
    }
}

package dev.pyrometer.query.support;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flamebearer decoded back into a tree, written here from Pyroscope's format description rather than with
 * the project's code: {@code names} plus {@code levels}, per node and value column {@code [xDelta, total,
 * self]} then the name index; x is delta-encoded against the end of the previous node on the level; a
 * node's children tile its width after its self. One column for a flame graph, two (left, right) for a diff.
 * Decoding checks the geometry: every child lies inside its parent's children area.
 */
public final class FlameTree {
    /** One node; {@code path} holds the names from the root's child down to this node. */
    public static final class Node {
        public final String name;
        public final int depth;
        public final long[] x;
        public final long[] total;
        public final long[] self;
        public final Node parent;
        public final List<Node> children = new ArrayList<>();
        public final List<String> path;

        Node(String name, int depth, long[] x, long[] total, long[] self, Node parent) {
            this.name = name;
            this.depth = depth;
            this.x = x;
            this.total = total;
            this.self = self;
            this.parent = parent;
            List<String> names = new ArrayList<>(parent == null ? List.of() : parent.path);
            if (parent != null) {
                names.add(name);
            }
            this.path = List.copyOf(names);
        }
    }

    public final int columns;
    public final Node root;
    public final List<Node> nodes;

    private FlameTree(int columns, Node root, List<Node> nodes) {
        this.columns = columns;
        this.root = root;
        this.nodes = nodes;
    }

    public static FlameTree decode(JsonNode flamebearer, int columns) {
        List<String> names = new ArrayList<>();
        flamebearer.get("names").forEach(name -> names.add(name.asString()));
        int stride = 3 * columns + 1;
        List<Node> nodes = new ArrayList<>();
        List<Node> previousLevel = List.of();
        Node root = null;
        JsonNode levels = flamebearer.get("levels");
        for (int depth = 0; depth < levels.size(); depth++) {
            JsonNode level = levels.get(depth);
            assertThat(level.size() % stride).as("level %d length", depth).isZero();
            List<Node> thisLevel = new ArrayList<>();
            long[] end = new long[columns];
            for (int at = 0; at < level.size(); at += stride) {
                long[] x = new long[columns];
                long[] total = new long[columns];
                long[] self = new long[columns];
                for (int c = 0; c < columns; c++) {
                    x[c] = end[c] + level.get(at + 3 * c).asLong();
                    total[c] = level.get(at + 3 * c + 1).asLong();
                    self[c] = level.get(at + 3 * c + 2).asLong();
                    end[c] = x[c] + total[c];
                }
                String name = names.get(level.get(at + 3 * columns).asInt());
                Node parent = depth == 0 ? null : parentOf(previousLevel, x, total, columns);
                Node node = new Node(name, depth, x, total, self, parent);
                if (parent == null) {
                    assertThat(root).as("a single root").isNull();
                    root = node;
                } else {
                    parent.children.add(node);
                }
                thisLevel.add(node);
                nodes.add(node);
            }
            previousLevel = thisLevel;
        }
        assertThat(root).as("root").isNotNull();
        for (Node node : nodes) {
            for (int c = 0; c < columns; c++) {
                long next = node.x[c] + node.self[c];
                for (Node child : node.children) {
                    assertThat(child.x[c]).as("children of %s tile its width after its self", node.path).isEqualTo(next);
                    next += child.total[c];
                }
                assertThat(next).as("total of %s = self + children's totals (column %d)", node.path, c).isEqualTo(node.x[c] + node.total[c]);
            }
        }
        return new FlameTree(columns, root, nodes);
    }

    /** The node of the level above whose children area holds a node at {@code x} with {@code total}, in a column where it is not empty. */
    private static Node parentOf(List<Node> candidates, long[] x, long[] total, int columns) {
        int column = 0;
        while (column < columns - 1 && total[column] == 0) {
            column++;
        }
        for (Node candidate : candidates) {
            long start = candidate.x[column] + candidate.self[column];
            long end = candidate.x[column] + candidate.total[column];
            if (x[column] >= start && x[column] + total[column] <= end) {
                return candidate;
            }
        }
        throw new AssertionError("no parent holds a node at x " + x[column] + " of width " + total[column]);
    }

    /** Sum of self per node name, in column {@code column}. */
    public Map<String, Long> selfByName(int column) {
        Map<String, Long> sums = new HashMap<>();
        for (Node node : nodes) {
            if (node != root && node.self[column] != 0) {
                sums.merge(node.name, node.self[column], Long::sum);
            }
        }
        return sums;
    }
}

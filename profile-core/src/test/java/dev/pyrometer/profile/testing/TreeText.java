package dev.pyrometer.profile.testing;

import dev.pyrometer.profile.flamegraph.CallTree;

import java.util.ArrayList;
import java.util.List;

/**
 * Call trees as indented text for exact comparisons: one line per node, two spaces per depth, the name,
 * then {@code self/total} per column separated by {@code " | "}, e.g. {@code "    a 3/7 | 0/2"}.
 * Also decodes flamebearer levels back to the same text, so a layout can be checked against its tree.
 */
public final class TreeText {
    private TreeText() {
    }

    public static String of(CallTree tree) {
        StringBuilder text = new StringBuilder();
        for (int node = 0; node < tree.size(); node++) {
            long[] self = new long[tree.columns()];
            long[] total = new long[tree.columns()];
            for (int column = 0; column < tree.columns(); column++) {
                self[column] = tree.self(node, column);
                total[column] = tree.total(node, column);
            }
            line(text, tree.depth(node), tree.name(node), self, total);
        }
        return text.toString();
    }

    /**
     * Rebuilds the tree text from flamebearer levels ({@code 3 * columns + 1} numbers per node), checking the
     * geometry on the way: every child starts exactly where its parent's previous child (or self) ends, on
     * every column, and fits in its parent. Fails with an {@link AssertionError} when it does not.
     */
    public static String ofFlamebearer(List<String> names, List<long[]> levels, int columns) {
        int stride = 3 * columns + 1;
        List<List<Bar>> bars = new ArrayList<>();
        for (int level = 0; level < levels.size(); level++) {
            long[] values = levels.get(level);
            if (values.length % stride != 0) {
                throw new AssertionError("level " + level + " has " + values.length + " numbers, not a multiple of " + stride);
            }
            List<Bar> row = new ArrayList<>();
            long[] previousEnd = new long[columns];
            for (int at = 0; at < values.length; at += stride) {
                Bar bar = new Bar(names.get((int) values[at + 3 * columns]), new long[columns], new long[columns], new long[columns]);
                for (int column = 0; column < columns; column++) {
                    bar.x[column] = previousEnd[column] + values[at + 3 * column];
                    bar.total[column] = values[at + 3 * column + 1];
                    bar.self[column] = values[at + 3 * column + 2];
                    previousEnd[column] = bar.x[column] + bar.total[column];
                }
                row.add(bar);
            }
            bars.add(row);
        }
        if (bars.isEmpty() || bars.get(0).size() != 1) {
            throw new AssertionError("level 0 must hold exactly the root");
        }
        for (int level = 1; level < bars.size(); level++) {
            List<Bar> parents = bars.get(level - 1);
            int parent = 0;
            long[][] cursor = new long[parents.size()][columns];
            for (int p = 0; p < parents.size(); p++) {
                for (int column = 0; column < columns; column++) {
                    cursor[p][column] = parents.get(p).x[column] + parents.get(p).self[column];
                }
            }
            for (Bar child : bars.get(level)) {
                while (parent < parents.size() && !fits(child, parents.get(parent), cursor[parent])) {
                    parent++;
                }
                if (parent == parents.size()) {
                    throw new AssertionError("bar " + child.name + " on level " + level + " fits under no parent");
                }
                for (int column = 0; column < columns; column++) {
                    cursor[parent][column] += child.total[column];
                }
                parents.get(parent).children.add(child);
            }
        }
        StringBuilder text = new StringBuilder();
        write(text, bars.get(0).get(0), 0);
        return text.toString();
    }

    private static boolean fits(Bar child, Bar parent, long[] cursor) {
        for (int column = 0; column < child.x.length; column++) {
            if (child.x[column] != cursor[column] || cursor[column] + child.total[column] > parent.x[column] + parent.total[column]) {
                return false;
            }
        }
        return true;
    }

    private static void write(StringBuilder text, Bar bar, int depth) {
        line(text, depth, bar.name, bar.self, bar.total);
        bar.children.forEach(child -> write(text, child, depth + 1));
    }

    private static void line(StringBuilder text, int depth, String name, long[] self, long[] total) {
        text.append("  ".repeat(depth)).append(name);
        for (int column = 0; column < self.length; column++) {
            text.append(column == 0 ? " " : " | ").append(self[column]).append('/').append(total[column]);
        }
        text.append('\n');
    }

    private record Bar(String name, long[] x, long[] total, long[] self, List<Bar> children) {
        Bar(String name, long[] x, long[] total, long[] self) {
            this(name, x, total, self, new ArrayList<>());
        }
    }
}

package dev.pyrometer.profile.flamegraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays a {@link CallTree} out as Pyroscope's flamebearer: a names table and one flat array per depth
 * ("level") holding, per node in left-to-right order, for each value column {@code [xOffset, total, self]}
 * and then the node's index into {@code names}. So a one-column tree gives Pyroscope's "single" format
 * {@code [x, total, self, name]} and a two-column tree its "double" (diff) format
 * {@code [xLeft, leftTotal, leftSelf, xRight, rightTotal, rightSelf, name]}.
 *
 * <p>Geometry, per column, as Pyroscope draws it: the root starts at x = 0; a node's children start at
 * its x plus its self and follow each other in child order, each as wide as its total. {@code xOffset} is
 * delta-encoded: a node's x minus the end ({@code x + total}) of the previous node on the same level, 0
 * for the first node of a level. Names are deduplicated in first-seen preorder, so the root's "total" is
 * index 0; the strings are passed through untouched.
 *
 * @param names  the names table
 * @param levels one array per depth, the root's level first
 */
public record FlamebearerLayout(List<String> names, List<long[]> levels) {

    public FlamebearerLayout {
        names = List.copyOf(names);
        levels = List.copyOf(levels);
    }

    public static FlamebearerLayout of(CallTree tree) {
        return new Writer(tree).run();
    }

    /** The largest self of any node in any column (Pyroscope's {@code maxSelf}). */
    public static long maxSelf(CallTree tree) {
        long max = 0;
        for (int node = 0; node < tree.size(); node++) {
            for (int column = 0; column < tree.columns(); column++) {
                max = Math.max(max, tree.self(node, column));
            }
        }
        return max;
    }

    private static final class Writer {
        private final CallTree tree;
        private final int columns;
        private final int stride;
        private final Map<String, Integer> nameIndexes = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private final List<long[]> levels = new ArrayList<>();
        private final List<Integer> levelSizes = new ArrayList<>();
        /** Per level and column: where the previous node on that level ends. */
        private final List<long[]> levelEnds = new ArrayList<>();

        Writer(CallTree tree) {
            this.tree = tree;
            this.columns = tree.columns();
            this.stride = 3 * columns + 1;
        }

        FlamebearerLayout run() {
            write(0, new long[columns]);
            List<long[]> trimmed = new ArrayList<>(levels.size());
            for (int level = 0; level < levels.size(); level++) {
                trimmed.add(Arrays.copyOf(levels.get(level), levelSizes.get(level)));
            }
            return new FlamebearerLayout(names, trimmed);
        }

        /** Preorder visits each level's nodes left to right; recursion depth is the tree depth. */
        private void write(int node, long[] x) {
            int level = tree.depth(node);
            if (level == levels.size()) {
                levels.add(new long[stride * 16]);
                levelSizes.add(0);
                levelEnds.add(new long[columns]);
            }
            long[] values = levels.get(level);
            int at = levelSizes.get(level);
            if (at + stride > values.length) {
                values = Arrays.copyOf(values, values.length * 2);
                levels.set(level, values);
            }
            long[] ends = levelEnds.get(level);
            long[] childX = new long[columns];
            for (int column = 0; column < columns; column++) {
                long total = tree.total(node, column);
                long self = tree.self(node, column);
                values[at + 3 * column] = x[column] - ends[column];
                values[at + 3 * column + 1] = total;
                values[at + 3 * column + 2] = self;
                ends[column] = x[column] + total;
                childX[column] = x[column] + self;
            }
            values[at + 3 * columns] = nameIndex(tree.name(node));
            levelSizes.set(level, at + stride);

            for (int child = node + 1; child < tree.end(node); child = tree.end(child)) {
                write(child, childX.clone());
                for (int column = 0; column < columns; column++) {
                    childX[column] += tree.total(child, column);
                }
            }
        }

        private int nameIndex(String name) {
            Integer known = nameIndexes.get(name);
            if (known != null) {
                return known;
            }
            nameIndexes.put(name, names.size());
            names.add(name);
            return names.size() - 1;
        }
    }
}

package dev.pyrometer.profile.flamegraph;

import java.util.List;

/**
 * A flame graph in Pyroscope's "single" flamebearer form (see {@link FlamebearerLayout} for the geometry):
 * per node {@code [xOffset, total, self, nameIndex]}. Values are in the profile type's sample unit.
 * Records compare the level arrays by identity; compare their contents explicitly.
 *
 * @param names    the names table ("total" first)
 * @param levels   one array per depth, root level first, 4 numbers per node
 * @param numTicks the root's total: the width of the graph
 * @param maxSelf  the largest self of any node
 */
public record Flamebearer(List<String> names, List<long[]> levels, long numTicks, long maxSelf) {

    public Flamebearer {
        names = List.copyOf(names);
        levels = List.copyOf(levels);
    }

    /** The flamebearer of a one-column tree (truncate it first if it may be large). */
    public static Flamebearer of(CallTree tree) {
        if (tree.columns() != 1) {
            throw new IllegalArgumentException("a single flamebearer needs a one-column tree, not " + tree.columns() + " columns");
        }
        FlamebearerLayout layout = FlamebearerLayout.of(tree);
        return new Flamebearer(layout.names(), layout.levels(), tree.total(0, 0), FlamebearerLayout.maxSelf(tree));
    }
}

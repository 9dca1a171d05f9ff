package dev.pyrometer.profile.diff;

import dev.pyrometer.profile.flamegraph.CallTree;
import dev.pyrometer.profile.flamegraph.FlamebearerLayout;

import java.util.List;

/**
 * A diff in Pyroscope's "double" flamebearer form (see {@link FlamebearerLayout} for the geometry): per
 * node {@code [xLeftOffset, leftTotal, leftSelf, xRightOffset, rightTotal, rightSelf, nameIndex]}, each
 * side's x delta-encoded on its own. The UI compares shares ({@code leftTotal / leftTicks} against
 * {@code rightTotal / rightTicks}) or absolute values. A node with a 0 total on one side exists only on the
 * other. Records compare the level arrays by identity; compare their contents explicitly.
 *
 * @param names      the names table ("total" first)
 * @param levels     one array per depth, root level first, 7 numbers per node
 * @param numTicks   {@code leftTicks + rightTicks}, as Pyroscope reports it
 * @param maxSelf    the largest self of any node on either side
 * @param leftTicks  the left profile's total
 * @param rightTicks the right profile's total
 */
public record DiffFlamebearer(List<String> names, List<long[]> levels, long numTicks, long maxSelf, long leftTicks, long rightTicks) {

    public DiffFlamebearer {
        names = List.copyOf(names);
        levels = List.copyOf(levels);
    }

    /** The flamebearer of a two-column (left, right) tree; truncate it first if it may be large. */
    public static DiffFlamebearer of(CallTree tree) {
        if (tree.columns() != 2) {
            throw new IllegalArgumentException("a diff flamebearer needs a two-column tree, not " + tree.columns() + " columns");
        }
        FlamebearerLayout layout = FlamebearerLayout.of(tree);
        long left = tree.total(0, DiffFlameGraph.LEFT);
        long right = tree.total(0, DiffFlameGraph.RIGHT);
        return new DiffFlamebearer(layout.names(), layout.levels(), left + right, FlamebearerLayout.maxSelf(tree), left, right);
    }
}

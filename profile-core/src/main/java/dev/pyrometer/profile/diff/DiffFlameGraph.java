package dev.pyrometer.profile.diff;

import dev.pyrometer.profile.flamegraph.CallTree;
import dev.pyrometer.profile.flamegraph.CallTreeBuilder;
import dev.pyrometer.profile.model.SeriesProfile;

/**
 * The diff of two profiles (or two sets of profiles, each added up) of one type as one call tree with
 * two value columns: {@link #LEFT} (the base) and {@link #RIGHT} (the comparison). A node that only one
 * side has carries 0 on the other ({@link #presence}). Truncation ranks nodes by
 * {@code max(leftTotal, rightTotal)} and folds the same nodes on both sides into "other", so both sides'
 * totals still add up.
 */
public final class DiffFlameGraph {
    public static final int LEFT = 0;
    public static final int RIGHT = 1;

    private DiffFlameGraph() {
    }

    /**
     * The full two-column tree.
     *
     * @throws IllegalArgumentException naming both types when the profiles are not all of one type
     */
    public static CallTree tree(Iterable<SeriesProfile> left, Iterable<SeriesProfile> right) {
        CallTreeBuilder builder = new CallTreeBuilder(2);
        left.forEach(profile -> builder.add(LEFT, profile));
        right.forEach(profile -> builder.add(RIGHT, profile));
        return builder.build();
    }

    /** The diff flamebearer cut to {@code maxNodes} function nodes of the union of both sides. */
    public static DiffFlamebearer flamebearer(Iterable<SeriesProfile> left, Iterable<SeriesProfile> right, int maxNodes) {
        return DiffFlamebearer.of(tree(left, right).truncate(maxNodes));
    }

    /** On which side {@code node} of a diff tree has a value. */
    public static Presence presence(CallTree tree, int node) {
        return Presence.of(tree.total(node, LEFT), tree.total(node, RIGHT));
    }
}

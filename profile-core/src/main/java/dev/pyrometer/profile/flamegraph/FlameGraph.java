package dev.pyrometer.profile.flamegraph;

import dev.pyrometer.profile.model.SeriesProfile;

/** The flame graph of a profile (or of several of one type, added up): tree and flamebearer in one call. */
public final class FlameGraph {
    /** The number of function nodes a flame graph keeps unless asked otherwise. */
    public static final int DEFAULT_MAX_NODES = 8192;

    private FlameGraph() {
    }

    /** The full one-column call tree of {@code profiles}, which must share one type. */
    public static CallTree tree(Iterable<SeriesProfile> profiles) {
        CallTreeBuilder builder = new CallTreeBuilder(1);
        profiles.forEach(profile -> builder.add(0, profile));
        return builder.build();
    }

    /** The flamebearer of {@code profiles} cut to {@code maxNodes} function nodes (see {@link CallTree#truncate}). */
    public static Flamebearer flamebearer(Iterable<SeriesProfile> profiles, int maxNodes) {
        return Flamebearer.of(tree(profiles).truncate(maxNodes));
    }
}

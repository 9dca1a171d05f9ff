package dev.pyrometer.profile.diff;

/** On which side of a diff a node or function has a value. */
public enum Presence {
    BOTH,
    /** Only in the left (base) profile: gone in the comparison. */
    LEFT_ONLY,
    /** Only in the right (comparison) profile: new. */
    RIGHT_ONLY;

    /**
     * Presence from the two sides' totals: a side is present when its total is not 0. A node whose values
     * cancel out to 0 on both sides (possible only with negative values) counts as {@link #BOTH}.
     */
    public static Presence of(long leftTotal, long rightTotal) {
        if (leftTotal != 0 && rightTotal != 0) {
            return BOTH;
        }
        return leftTotal != 0 ? LEFT_ONLY : rightTotal != 0 ? RIGHT_ONLY : BOTH;
    }
}

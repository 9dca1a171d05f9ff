package dev.pyrometer.profile.leak;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one series' buckets into process segments. A restarted process starts again from what it
 * holds at startup, so a bucket whose total is at most {@link #RESTART_FRACTION} of the previous
 * bucket's total starts a new segment: growth is judged within a process, and the drop at a
 * restart (or the climb back) is neither a leak nor a reason to miss one.
 */
public final class Segments {
    /** A total falling to at most this fraction of the previous bucket's total marks a restart. */
    public static final double RESTART_FRACTION = 0.5;

    private Segments() {
    }

    /** Segment boundaries: {@code [b_0 = 0, b_1, …, b_k = totals.length]}, each segment {@code [b_i, b_i+1)}. */
    public static int[] boundaries(double[] totals) {
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        for (int b = 1; b < totals.length; b++) {
            if (totals[b] <= RESTART_FRACTION * totals[b - 1]) {
                cuts.add(b);
            }
        }
        cuts.add(totals.length);
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }
}

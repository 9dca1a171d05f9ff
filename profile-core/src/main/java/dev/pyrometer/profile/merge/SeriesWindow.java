package dev.pyrometer.profile.merge;

import dev.pyrometer.profile.model.SeriesProfile;

import java.util.Collection;
import java.util.Objects;

/**
 * What one series contributes to a window: the sum of its snapshots in the window (stack → summed value,
 * in the type's sample unit) and how many snapshots were summed. Storage can build it from raw rows, from
 * rollups that store their snapshot count, or from both (sums and counts add up).
 *
 * @param summed    the series' snapshots in the window, summed by stack
 * @param snapshots how many snapshots {@code summed} covers; at least 1
 */
public record SeriesWindow(SeriesProfile summed, int snapshots) {
    public SeriesWindow {
        Objects.requireNonNull(summed, "summed");
        if (snapshots < 1) {
            throw new IllegalArgumentException("a series window covers at least one snapshot, not " + snapshots);
        }
    }

    /** The window of one series from its raw snapshots (at least one, all of one type). */
    public static SeriesWindow of(Collection<SeriesProfile> snapshots) {
        return new SeriesWindow(ProfileMerger.merge(snapshots), snapshots.size());
    }
}

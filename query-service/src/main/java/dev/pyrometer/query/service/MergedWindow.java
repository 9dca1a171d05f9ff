package dev.pyrometer.query.service;

import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.query.ReadStats;

/**
 * The profile of a window: the selected series merged by the type's aggregation.
 *
 * @param profile   stack values in units of {@code 1/scale} of the type's sample unit (see
 *                  {@link dev.pyrometer.profile.merge.WindowProfile}): exact window averages for instant types
 * @param scale     1 for summed types; the fixed-point denominator of averaged ones
 * @param series    how many series matched the selector and had data in the window
 * @param snapshots how many stored snapshots the merge stands for
 */
public record MergedWindow(SeriesProfile profile, long scale, int series, long snapshots, ReadStats stats) {
}

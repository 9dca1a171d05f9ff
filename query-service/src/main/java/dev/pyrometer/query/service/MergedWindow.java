package dev.pyrometer.query.service;

import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.query.ReadStats;

/**
 * The profile of a window: the selected series merged by the type's aggregation.
 *
 * @param series    how many series matched the selector and had data in the window
 * @param snapshots how many stored snapshots the merge stands for
 */
public record MergedWindow(SeriesProfile profile, int series, long snapshots, ReadStats stats) {
}

package dev.pyrometer.profile.buckets;

import dev.pyrometer.profile.model.SeriesProfile;

/**
 * One series' stored snapshots within one time bucket, summed by stack.
 *
 * @param startMillis start of the bucket, ms since the epoch
 * @param seconds     wall-clock seconds of the bucket that lie inside the queried window (&gt; 0)
 * @param snapshots   how many snapshots {@code profile} sums (≥ 1)
 */
public record SeriesBucket(long startMillis, double seconds, int snapshots, SeriesProfile profile) {
    public SeriesBucket {
        if (snapshots < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("a bucket needs at least one snapshot and a positive duration");
        }
    }
}

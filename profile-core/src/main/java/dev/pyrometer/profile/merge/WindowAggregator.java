package dev.pyrometer.profile.merge;

import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Combines the {@link SeriesWindow}s of the series a query selected into the profile of the window, by the
 * type's {@link Aggregation}:
 * <ul>
 *   <li>{@link Aggregation#SUM} (cpu, alloc_*, contentions, delay): per stack, the sum over all series;
 *       snapshot counts play no part. This is exactly {@link ProfileMerger}.</li>
 *   <li>{@link Aggregation#AVERAGE} (inuse_*, goroutine): per stack,
 *       {@code value = round(Σ_series sum_series / snapshots_series)}: each series contributes its mean over
 *       its own snapshots (a series seen in 3 of 6 snapshots is not diluted by the 3 it missed), the means
 *       of the series add up (two pods holding 10 MB each hold 20 MB), and the one rounding happens at the
 *       end, per stack, with {@code round(x) = floor(x + 1/2)}, computed exactly (see {@link ExactMean}).
 *       Stacks that round to 0 are left out. The total is the sum of the rounded stack values, so it may
 *       differ from the rounded sum of the series' mean totals by at most half the number of stacks.</li>
 * </ul>
 * Header fields combine as in {@link ProfileMerger}. The result does not depend on the order of the
 * windows' stacks, and only through first-seen stack order on the order of the windows.
 */
public final class WindowAggregator {
    private WindowAggregator() {
    }

    /**
     * The profile of a window of {@code type} from the windows of its series; no windows give an empty
     * profile of {@code type}.
     *
     * @throws IllegalArgumentException naming both types when a window holds another type (checked before any work)
     */
    public static SeriesProfile aggregate(ProfileType type, Collection<SeriesWindow> windows) {
        Objects.requireNonNull(type, "type");
        windows.forEach(window -> ProfileHeader.requireType(type, window.summed().type()));
        return type.aggregation() == Aggregation.SUM ? sum(type, windows) : average(type, windows);
    }

    private static SeriesProfile sum(ProfileType type, Collection<SeriesWindow> windows) {
        ProfileMerger merger = new ProfileMerger(type);
        windows.forEach(window -> merger.add(window.summed()));
        return merger.result();
    }

    /** One column of sums per distinct snapshot count: series with equal counts share a denominator. */
    private static SeriesProfile average(ProfileType type, Collection<SeriesWindow> windows) {
        int[] counts = windows.stream().mapToInt(SeriesWindow::snapshots).distinct().sorted().toArray();
        LongColumn[] columns = new LongColumn[counts.length];
        Arrays.setAll(columns, j -> new LongColumn());
        ProfileHeader header = new ProfileHeader(type);
        StackIndex stacks = new StackIndex();
        for (SeriesWindow window : windows) {
            header.add(window.summed());
            stacks.addValues(window.summed(), columns[Arrays.binarySearch(counts, window.snapshots())]);
        }

        ExactMean mean = new ExactMean(counts);
        long[] sums = new long[counts.length];
        return stacks.toProfile(header, slot -> {
            for (int j = 0; j < counts.length; j++) {
                sums[j] = columns[j].get(slot);
            }
            return mean.of(sums);
        });
    }
}

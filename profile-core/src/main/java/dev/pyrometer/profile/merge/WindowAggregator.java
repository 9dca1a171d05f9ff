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
 *   <li>{@link Aggregation#AVERAGE} (inuse_*, goroutine): per stack, {@code value = Σ_series sum_series / snapshots_series}:
 *       each series contributes its mean over its own snapshots (a series seen in 3 of 6 snapshots is not diluted
 *       by the 3 it missed), and the means of the series add up (two pods holding 10 MB each hold 20 MB). The
 *       value is kept as a fixed-point numerator, not rounded (see {@link MeanNumerators}): exact whenever the
 *       least common multiple of the snapshot counts is at most {@link FixedPoint#MAX_SCALE}, which covers one
 *       series, or series of equal counts, up to 10⁶ snapshots. A stack with a non-zero mean is never left out;
 *       in the exact case the total is exactly the sum of the series' mean totals.</li>
 * </ul>
 * Header fields combine as in {@link ProfileMerger}. The result does not depend on the order of the
 * windows' stacks, and only through first-seen stack order on the order of the windows.
 */
public final class WindowAggregator {
    private WindowAggregator() {
    }

    /**
     * The profile of a window of {@code type} from the windows of its series, on scale 1 for summed types and
     * on the scale of {@link MeanNumerators} for averaged ones; no windows give an empty profile of {@code type}
     * on scale 1.
     *
     * @throws IllegalArgumentException naming both types when a window holds another type (checked before any work)
     */
    public static WindowProfile aggregate(ProfileType type, Collection<SeriesWindow> windows) {
        Objects.requireNonNull(type, "type");
        windows.forEach(window -> ProfileHeader.requireType(type, window.summed().type()));
        return type.aggregation() == Aggregation.SUM || windows.isEmpty()
                ? WindowProfile.unscaled(sum(type, windows)) : average(type, windows);
    }

    private static SeriesProfile sum(ProfileType type, Collection<SeriesWindow> windows) {
        ProfileMerger merger = new ProfileMerger(type);
        windows.forEach(window -> merger.add(window.summed()));
        return merger.result();
    }

    /** One column of sums per distinct snapshot count: series with equal counts share a denominator. */
    private static WindowProfile average(ProfileType type, Collection<SeriesWindow> windows) {
        int[] counts = windows.stream().mapToInt(SeriesWindow::snapshots).distinct().sorted().toArray();
        LongColumn[] columns = new LongColumn[counts.length];
        Arrays.setAll(columns, j -> new LongColumn());
        ProfileHeader header = new ProfileHeader(type);
        StackIndex stacks = new StackIndex();
        for (SeriesWindow window : windows) {
            header.add(window.summed());
            stacks.addValues(window.summed(), columns[Arrays.binarySearch(counts, window.snapshots())]);
        }

        MeanNumerators mean = new MeanNumerators(counts);
        long[] sums = new long[counts.length];
        return new WindowProfile(stacks.toProfile(header, slot -> {
            for (int j = 0; j < counts.length; j++) {
                sums[j] = columns[j].get(slot);
            }
            return mean.of(sums);
        }), mean.scale());
    }
}

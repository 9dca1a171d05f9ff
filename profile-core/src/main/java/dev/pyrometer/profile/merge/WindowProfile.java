package dev.pyrometer.profile.merge;

import dev.pyrometer.profile.model.SeriesProfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The profile of a window on a fixed-point scale: stack {@code i} holds {@code profile.values()[i] / scale}
 * of the type's sample unit. Summed windows have scale 1. Averaged windows hold each stack's mean exactly
 * (see {@link WindowAggregator}), so trees, function totals and diffs built from {@code profile} by adding
 * values are exact too, on the same scale; only what is shown or exported is divided and rounded.
 *
 * @param profile stack values in units of {@code 1/scale} of the sample unit
 * @param scale   in {@code [1, FixedPoint.MAX_SCALE]}
 */
public record WindowProfile(SeriesProfile profile, long scale) {
    public WindowProfile {
        Objects.requireNonNull(profile, "profile");
        if (scale < 1 || scale > FixedPoint.MAX_SCALE) {
            throw new IllegalArgumentException("scale " + scale + " is outside [1, " + FixedPoint.MAX_SCALE + "]");
        }
    }

    /** A profile whose values are whole sample units. */
    public static WindowProfile unscaled(SeriesProfile profile) {
        return new WindowProfile(profile, 1);
    }

    /** A scaled value of this window in the sample unit: the nearest double to {@code scaled / scale}. */
    public double value(long scaled) {
        return scale == 1 ? scaled : (double) scaled / scale;
    }

    /** The same window over {@code to}: exact when {@code to} is a multiple of {@link #scale}, see {@link FixedPoint#rescale}. */
    public WindowProfile rescaled(long to) {
        if (to == scale) {
            return this;
        }
        long[] values = profile.values();
        long[] moved = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            moved[i] = FixedPoint.rescale(values[i], scale, to);
        }
        return new WindowProfile(new SeriesProfile(profile.type(), profile.labels(), profile.timeNanos(), profile.durationNanos(),
                profile.period(), profile.frames(), profile.stacks(), moved), to);
    }

    /**
     * The window in whole sample units, as a pprof export holds it: each stack rounded half up on its own,
     * and a stack with a non-zero value keeps at least 1 (or -1), so every stack of the window is exported.
     */
    public SeriesProfile rounded() {
        return rescaled(1).profile();
    }

    /** The scale two windows are compared on: the least common multiple of theirs when within the bound, else the bound. */
    public static long commonScale(long a, long b) {
        long lcm = FixedPoint.lcmWithinMax(a, b);
        return lcm == 0 ? FixedPoint.MAX_SCALE : lcm;
    }

    /** {@code windows}, in order, all rescaled to the {@link #commonScale} of their scales. */
    public static List<WindowProfile> onCommonScale(List<WindowProfile> windows) {
        long common = windows.stream().mapToLong(WindowProfile::scale).reduce(1, WindowProfile::commonScale);
        List<WindowProfile> result = new ArrayList<>(windows.size());
        windows.forEach(window -> result.add(window.rescaled(common)));
        return result;
    }

    @Override
    public String toString() {
        return "WindowProfile[stacks=" + profile.stackCount() + ", scale=" + scale + ", values=" + Arrays.toString(profile.values()) + "]";
    }
}

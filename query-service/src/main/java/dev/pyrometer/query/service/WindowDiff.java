package dev.pyrometer.query.service;

import dev.pyrometer.profile.diff.DiffFlameGraph;
import dev.pyrometer.profile.diff.DiffFlamebearer;
import dev.pyrometer.profile.merge.WindowProfile;
import dev.pyrometer.profile.model.SeriesProfile;

import java.util.List;

/**
 * Two merged windows put on one fixed-point scale, so that a diff adds and subtracts exact values: left is the
 * base, right the comparison. {@code scale} is the common denominator of both profiles' values.
 */
public record WindowDiff(SeriesProfile left, SeriesProfile right, long scale) {

    public static WindowDiff of(MergedWindow left, MergedWindow right) {
        List<WindowProfile> sides = WindowProfile.onCommonScale(
                List.of(new WindowProfile(left.profile(), left.scale()), new WindowProfile(right.profile(), right.scale())));
        return new WindowDiff(sides.get(0).profile(), sides.get(1).profile(), sides.get(0).scale());
    }

    /** The diff flame graph of the two sides, in units of {@code 1/scale}, cut to {@code maxNodes}. */
    public DiffFlamebearer flamebearer(int maxNodes) {
        return DiffFlameGraph.flamebearer(List.of(left), List.of(right), maxNodes);
    }
}

package dev.pyrometer.query.api;

import dev.pyrometer.profile.diff.DiffFlamebearer;

import java.util.List;

/**
 * A {@link DiffFlamebearer} as answers carry it: every value ({@code [xLeftOffset, leftTotal, leftSelf,
 * xRightOffset, rightTotal, rightSelf, nameIndex]} but the name index, and the tick counts) in the sample
 * unit, window averages with their fractions for instant types (see {@link ScaledValues}).
 */
public record ScaledDiffFlamebearer(List<String> names, List<Number[]> levels, Number numTicks, Number maxSelf, Number leftTicks,
                                    Number rightTicks) {
    static ScaledDiffFlamebearer of(DiffFlamebearer flamebearer, long scale) {
        return new ScaledDiffFlamebearer(flamebearer.names(), ScaledValues.levels(flamebearer.levels(), 7, scale),
                ScaledValues.of(flamebearer.numTicks(), scale), ScaledValues.of(flamebearer.maxSelf(), scale),
                ScaledValues.of(flamebearer.leftTicks(), scale), ScaledValues.of(flamebearer.rightTicks(), scale));
    }
}

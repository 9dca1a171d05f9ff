package dev.pyrometer.query.api;

import dev.pyrometer.profile.flamegraph.Flamebearer;

import java.util.List;

/**
 * A {@link Flamebearer} as answers carry it: node values ({@code [xOffset, total, self, nameIndex]}),
 * {@code numTicks} and {@code maxSelf} in the sample unit, window averages with their fractions for instant
 * types (see {@link ScaledValues}).
 */
public record ScaledFlamebearer(List<String> names, List<Number[]> levels, Number numTicks, Number maxSelf) {
    static ScaledFlamebearer of(Flamebearer flamebearer, long scale) {
        return new ScaledFlamebearer(flamebearer.names(), ScaledValues.levels(flamebearer.levels(), 4, scale),
                ScaledValues.of(flamebearer.numTicks(), scale), ScaledValues.of(flamebearer.maxSelf(), scale));
    }
}

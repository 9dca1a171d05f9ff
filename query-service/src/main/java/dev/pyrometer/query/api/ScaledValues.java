package dev.pyrometer.query.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a window's fixed-point values (units of {@code 1/scale} of the sample unit, see
 * {@link dev.pyrometer.query.service.MergedWindow}) into the numbers an answer carries: a whole number
 * stays a JSON integer, anything else is the nearest double to the exact value. Nothing is rounded to an
 * integer here; only displays and the pprof export round.
 */
final class ScaledValues {
    private ScaledValues() {
    }

    /** {@code scaled / scale}: a {@link Long} when it is whole, else the nearest {@link Double}. */
    static Number of(long scaled, long scale) {
        if (scale == 1) {
            return scaled;
        }
        return scaled % scale == 0 ? (Number) (scaled / scale) : (Number) ((double) scaled / scale);
    }

    /**
     * Flamebearer levels with every number of each {@code width}-number node divided by {@code scale}, except
     * the last, which is the name index.
     */
    static List<Number[]> levels(List<long[]> levels, int width, long scale) {
        List<Number[]> result = new ArrayList<>(levels.size());
        for (long[] level : levels) {
            Number[] numbers = new Number[level.length];
            for (int i = 0; i < level.length; i++) {
                numbers[i] = i % width == width - 1 ? (Number) level[i] : of(level[i], scale);
            }
            result.add(numbers);
        }
        return result;
    }
}

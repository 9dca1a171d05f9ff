package dev.pyrometer.profile.top;

import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code go tool pprof -top} table of one or several profiles of one type: per function name,
 * its flat and cum value, plus the grand total. Values are in the profile type's sample unit and
 * are summed over all input profiles (averaging instant types over snapshots is the caller's concern).
 *
 * <ul>
 *   <li>flat: the values of stacks whose leaf frame (index 0) is the function;</li>
 *   <li>cum: the values of stacks that contain the function anywhere, once per stack even when
 *       it recurs (recursion, or several inlined frames of one function);</li>
 *   <li>total: the sum of all values, including stacks with no frames, which no row shows — so the
 *       flat column may sum to less than the total, as in pprof's "nodes accounting for X of T".</li>
 * </ul>
 *
 * Stacks with value 0 are ignored and rows with flat and cum both 0 are left out, as pprof does.
 * Rows are in pprof's {@code -top} order: |flat| descending, then name ascending, then |cum| descending.
 * pprof's total sums |value|; this one sums signed values, which is the same for non-negative profiles.
 */
public record FunctionTotals(long total, List<Row> rows) {

    /** One line of the table; {@code function} is the name as in {@link dev.pyrometer.profile.model.Frame#function()}. */
    public record Row(String function, long flat, long cum) {
    }

    private static final Comparator<Row> PPROF_TOP_ORDER = Comparator
            .comparingLong((Row row) -> Math.abs(row.flat())).reversed()
            .thenComparing(Row::function)
            .thenComparing(Comparator.comparingLong((Row row) -> Math.abs(row.cum())).reversed());

    public FunctionTotals {
        rows = List.copyOf(rows);
    }

    /**
     * Computes the table of {@code profiles}, which must all have the same {@link ProfileType};
     * throws {@link IllegalArgumentException} naming both types when they differ. No profiles give
     * an empty table with total 0.
     */
    public static FunctionTotals of(Iterable<SeriesProfile> profiles) {
        Map<String, Sums> byFunction = new HashMap<>();
        ProfileType type = null;
        long total = 0;
        long stackNumber = 0;
        for (SeriesProfile profile : profiles) {
            if (type == null) {
                type = profile.type();
            } else if (!type.equals(profile.type())) {
                throw new IllegalArgumentException("cannot total profiles of different types: " + type + " and " + profile.type());
            }
            Sums[] sumsByFrame = new Sums[profile.frames().size()];
            for (int i = 0; i < profile.stackCount(); i++) {
                long value = profile.values()[i];
                total += value;
                if (value != 0) {
                    add(profile.stacks()[i], value, ++stackNumber, profile.frames(), sumsByFrame, byFunction);
                }
            }
        }
        List<Row> rows = new ArrayList<>(byFunction.size());
        byFunction.forEach((function, sums) -> {
            if (sums.flat != 0 || sums.cum != 0) {
                rows.add(new Row(function, sums.flat, sums.cum));
            }
        });
        rows.sort(PPROF_TOP_ORDER);
        return new FunctionTotals(total, rows);
    }

    private static void add(int[] stack, long value, long stackNumber, FrameTable frames,
                            Sums[] sumsByFrame, Map<String, Sums> byFunction) {
        for (int depth = 0; depth < stack.length; depth++) {
            int frame = stack[depth];
            Sums sums = sumsByFrame[frame];
            if (sums == null) {
                sums = byFunction.computeIfAbsent(frames.get(frame).function(), name -> new Sums());
                sumsByFrame[frame] = sums;
            }
            if (depth == 0) {
                sums.flat += value;
            }
            if (sums.lastStack != stackNumber) {
                sums.lastStack = stackNumber;
                sums.cum += value;
            }
        }
    }

    /** Running sums of one function; {@code lastStack} is the number of the last stack counted in cum. */
    private static final class Sums {
        long flat;
        long cum;
        long lastStack;
    }
}

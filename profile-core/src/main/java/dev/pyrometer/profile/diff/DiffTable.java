package dev.pyrometer.profile.diff;

import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.top.FunctionTotals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The {@code top} table of a diff: per function name, flat and cum on the left (base) and right
 * (comparison) side as {@link FunctionTotals} computes them, and the change (right − left). Every function
 * with a value on either side has a row, including unchanged ones. Rows are sorted as
 * {@code go tool pprof -top -base=LEFT RIGHT} sorts its rows: |flat change| descending, then name, then
 * |cum change| descending; so the rows whose change is not zero are exactly pprof's rows, in pprof's order,
 * with flat = {@link Row#flatChange} and cum = {@link Row#cumChange}.
 *
 * @param leftTotal  the left side's total, frameless stacks included
 * @param rightTotal the right side's total
 * @param rows       one row per function
 */
public record DiffTable(long leftTotal, long rightTotal, List<Row> rows) {

    /** One function; values in the profile type's sample unit. */
    public record Row(String function, long leftFlat, long leftCum, long rightFlat, long rightCum) {
        public long flatChange() {
            return rightFlat - leftFlat;
        }

        public long cumChange() {
            return rightCum - leftCum;
        }

        /** On which side the function appears (cum is not 0). */
        public Presence presence() {
            return Presence.of(leftCum, rightCum);
        }
    }

    private static final Comparator<Row> PPROF_TOP_ORDER = Comparator
            .comparingLong((Row row) -> Math.abs(row.flatChange())).reversed()
            .thenComparing(Row::function)
            .thenComparing(Comparator.comparingLong((Row row) -> Math.abs(row.cumChange())).reversed());

    public DiffTable {
        rows = List.copyOf(rows);
    }

    /**
     * The diff table of {@code left} against {@code right}.
     *
     * @throws IllegalArgumentException naming both types when the profiles are not all of one type
     */
    public static DiffTable of(Iterable<SeriesProfile> left, Iterable<SeriesProfile> right) {
        requireOneType(left, right);
        FunctionTotals leftTotals = FunctionTotals.of(left);
        FunctionTotals rightTotals = FunctionTotals.of(right);

        Map<String, long[]> byFunction = new LinkedHashMap<>();
        leftTotals.rows().forEach(row -> put(byFunction, row, 0));
        rightTotals.rows().forEach(row -> put(byFunction, row, 2));
        List<Row> rows = new ArrayList<>(byFunction.size());
        byFunction.forEach((function, sums) -> rows.add(new Row(function, sums[0], sums[1], sums[2], sums[3])));
        rows.sort(PPROF_TOP_ORDER);
        return new DiffTable(leftTotals.total(), rightTotals.total(), rows);
    }

    /** Sums per function: left flat, left cum, right flat, right cum; {@code at} is 0 for left, 2 for right. */
    private static void put(Map<String, long[]> byFunction, FunctionTotals.Row row, int at) {
        long[] sums = byFunction.computeIfAbsent(row.function(), function -> new long[4]);
        sums[at] = row.flat();
        sums[at + 1] = row.cum();
    }

    private static void requireOneType(Iterable<SeriesProfile> left, Iterable<SeriesProfile> right) {
        ProfileType[] type = new ProfileType[1];
        Consumer<SeriesProfile> check = profile -> {
            if (type[0] == null) {
                type[0] = profile.type();
            } else if (!type[0].equals(profile.type())) {
                throw new IllegalArgumentException("cannot diff profiles of different types: " + type[0] + " and " + profile.type());
            }
        };
        left.forEach(check);
        right.forEach(check);
    }
}

package dev.pyrometer.query.support;

import dev.pyrometer.profile.model.Frame;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code go tool pprof -top} table of stacks with values, computed here without the project's code so
 * that tests can build the table of a profile pprof cannot express (a window average). Checked against
 * pprof's own tables in GoldenQueryTest. flat: stacks whose leaf is the function; cum: stacks containing it,
 * once per stack; rows sorted by |flat| descending, then name, then |cum| descending.
 */
public final class TopOracle {
    private TopOracle() {
    }

    public static PprofTop of(Map<List<Frame>, Long> byStack) {
        Map<String, long[]> byFunction = new HashMap<>();
        long total = 0;
        for (Map.Entry<List<Frame>, Long> entry : byStack.entrySet()) {
            long value = entry.getValue();
            total += value;
            if (value == 0) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            List<Frame> stack = entry.getKey();
            for (int depth = 0; depth < stack.size(); depth++) {
                String function = stack.get(depth).function();
                long[] sums = byFunction.computeIfAbsent(function, name -> new long[2]);
                if (depth == 0) {
                    sums[0] += value;
                }
                if (seen.add(function)) {
                    sums[1] += value;
                }
            }
        }
        List<PprofTop.Row> rows = new ArrayList<>();
        long shown = 0;
        for (Map.Entry<String, long[]> entry : byFunction.entrySet()) {
            if (entry.getValue()[0] != 0 || entry.getValue()[1] != 0) {
                rows.add(new PprofTop.Row(entry.getKey(), entry.getValue()[0], entry.getValue()[1]));
                shown += entry.getValue()[0];
            }
        }
        rows.sort(Comparator.comparingLong((PprofTop.Row row) -> Math.abs(row.flat())).reversed()
                .thenComparing(PprofTop.Row::function)
                .thenComparing(Comparator.comparingLong((PprofTop.Row row) -> Math.abs(row.cum())).reversed()));
        return new PprofTop(shown, total, rows);
    }

    /**
     * Each stack's value divided by {@code snapshots} as the pprof export rounds it: half up ({@code floor(x + 1/2)}),
     * and a non-zero value that rounds to 0 kept at 1 (or -1).
     */
    public static Map<List<Frame>, Long> average(Map<List<Frame>, Long> sums, int snapshots) {
        Map<List<Frame>, Long> mean = new HashMap<>();
        sums.forEach((stack, sum) -> {
            long rounded = Math.floorDiv(2 * sum + snapshots, 2L * snapshots);
            if (rounded == 0) {
                rounded = Long.signum(sum);
            }
            if (rounded != 0) {
                mean.put(stack, rounded);
            }
        });
        return mean;
    }
}

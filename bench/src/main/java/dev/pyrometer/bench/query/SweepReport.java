package dev.pyrometer.bench.query;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The sweep's summary: one table with a row per data set (load, rows read per call and p50/p99 of
 * each query of {@link QuerySweep#QUERIES}, the go tool pprof speed-up, storage), the tables behind
 * the storage figures, and one line per goal saying met or MISSED. Figures come from the runs as they
 * are; nothing here is asserted.
 */
final class SweepReport {
    /** p50 goals in ms at the largest fleet, per query key. */
    private static final Map<String, Double> P50_GOALS = Map.of("merge-1h", 50.0, "merge-24h", 80.0, "merge-7d", 150.0, "diff-24h", 150.0);
    /** The largest fleet's p50 over the smallest's, at most. */
    private static final double GROWTH_GOAL = 1.5;
    /** go tool pprof's time over query-service's for the same 1 h window, at least, at the largest fleet. */
    private static final double GO_GOAL = 100;
    /** Bytes of all rollup tables over the raw tier's, at most. */
    private static final double ROLLUP_SHARE_GOAL = 0.25;

    private final List<QuerySweep.DataSet> sets;

    SweepReport(List<QuerySweep.DataSet> sets) {
        this.sets = sets;
    }

    void print(PrintStream out) {
        out.println();
        out.println("======== fleet-size sweep: one service, rows read per call (from query-service's pyrometer_query_rows) · p50 / p99 ms ========");
        out.println();
        List<String> header = new ArrayList<>(List.of("data set", "load s (write + rollup catch-up + analyze)", "uploads / raw rows"));
        QuerySweep.QUERIES.forEach(key -> header.add(key));
        header.addAll(List.of("go tool pprof 1h: x same window / varied", "raw MB", "rollup MB", "rollup share", "raw B/upload"));
        out.println(row(header));
        out.println(row(header.stream().map(h -> "---").toList()));
        for (QuerySweep.DataSet set : sets) {
            out.println(row(cells(set)));
        }
        out.println();
        out.println("diff-24h: the 24 h window against the same window 7 days earlier where the data spans 8 days; † marks data sets where it is"
                + " against the 24 h before. '-': not measured (the data spans too little for the window, or the query was left out).");
        out.println();
        out.println("storage per data set (indexes and TOAST included; rollup share = sum of rollup tables / raw tier):");
        for (QuerySweep.DataSet set : sets) {
            if (set.outcome() != null) {
                out.printf("  %s: %s%n", set.label(), tables(StorageTiers.load(set.outcome().manifest())));
            }
        }
        out.println();
        out.println("== goals (printed, not asserted) ==");
        goals(out);
    }

    private static List<String> cells(QuerySweep.DataSet set) {
        List<String> cells = new ArrayList<>(List.of(set.label()));
        QueryOutcome outcome = set.outcome();
        int width = 3 + QuerySweep.QUERIES.size() + 5;
        if (outcome == null) {
            cells.add("failed: " + set.failure());
            while (cells.size() < width) {
                cells.add("");
            }
            return cells;
        }
        Properties m = outcome.manifest();
        double write = Double.parseDouble(m.getProperty("loaded.write.seconds"));
        double catchUp = Double.parseDouble(m.getProperty("rollup.catchup.seconds"));
        double analyze = Double.parseDouble(m.getProperty("analyze.seconds"));
        cells.add(String.format("%.0f (%.0f + %.0f + %.0f)", write + catchUp + analyze, write, catchUp, analyze));
        StorageTiers tiers = StorageTiers.load(m);
        long uploads = Long.parseLong(m.getProperty("loaded.uploads"));
        cells.add(String.format("%,d / %,d", uploads, tiers.rawRows()));
        for (String key : QuerySweep.QUERIES) {
            cells.add(outcome.query(key).map(query -> String.format("%s · %.1f / %.1f%s",
                    Double.isNaN(query.rowsPerCall()) ? "n/a" : String.format("%,.0f", query.rowsPerCall()), query.p50Millis(), query.p99Millis(),
                    query.label().contains("24h before") ? " †" : "")).orElse("-"));
        }
        QueryOutcome.GoComparison go = outcome.go();
        cells.add(go == null ? "-" : String.format("%.0fx / %.0fx (%,d files)", go.speedUp(), go.goP50Millis() / go.variedWindowP50Millis(), go.files()));
        cells.add(String.format("%,.1f", tiers.rawBytes() / 1e6));
        cells.add(String.format("%,.1f", tiers.rollupBytes() / 1e6));
        cells.add(String.format("%.1f %%", 100 * tiers.rollupShare()));
        cells.add(String.format("%.0f", (double) tiers.rawBytes() / Math.max(1, uploads)));
        return cells;
    }

    private static String tables(StorageTiers tiers) {
        List<String> parts = new ArrayList<>();
        for (StorageTiers.Table table : tiers.tables()) {
            parts.add(String.format("%s%s %,d rows %,.1f MB", table.name(), table.role() == StorageTiers.Role.BOOKKEEPING ? " (bookkeeping)" : "",
                    table.rows(), table.bytes() / 1e6));
        }
        return String.join("; ", parts) + String.format("; rollup share %.1f %%", 100 * tiers.rollupShare());
    }

    private void goals(PrintStream out) {
        Map<Duration, List<QuerySweep.DataSet>> byCadence = new LinkedHashMap<>();
        sets.forEach(set -> byCadence.computeIfAbsent(set.cadence(), k -> new ArrayList<>()).add(set));
        for (Map.Entry<Duration, List<QuerySweep.DataSet>> entry : byCadence.entrySet()) {
            List<QuerySweep.DataSet> ofCadence = entry.getValue();
            QuerySweep.DataSet largest = ofCadence.stream().max(Comparator.comparingInt(QuerySweep.DataSet::pods)).orElseThrow();
            QuerySweep.DataSet smallest = ofCadence.stream().min(Comparator.comparingInt(QuerySweep.DataSet::pods)).orElseThrow();
            for (String key : QuerySweep.QUERIES) {
                Optional<QueryOutcome.Query> query = query(largest, key);
                double goal = P50_GOALS.get(key);
                out.println(query.map(q -> String.format("%s: %s p50 %.1f ms <= %.0f ms: %s", largest.label(), key, q.p50Millis(), goal,
                        verdict(q.p50Millis() <= goal))).orElse(largest.label() + ": " + key + " p50 <= " + number(goal) + " ms: not measured"));
            }
            if (largest != smallest) {
                for (String key : QuerySweep.QUERIES) {
                    Optional<QueryOutcome.Query> big = query(largest, key);
                    Optional<QueryOutcome.Query> small = query(smallest, key);
                    String what = String.format("%d vs %d pods, %d s: %s p50", largest.pods(), smallest.pods(), entry.getKey().toSeconds(), key);
                    if (big.isPresent() && small.isPresent()) {
                        double growth = big.get().p50Millis() / small.get().p50Millis();
                        out.printf("%s %.1f / %.1f ms = %.2fx <= %.1fx: %s%n", what, big.get().p50Millis(), small.get().p50Millis(), growth,
                                GROWTH_GOAL, verdict(growth <= GROWTH_GOAL));
                    } else {
                        out.printf("%s <= %.1fx: not measured%n", what, GROWTH_GOAL);
                    }
                }
            }
            QueryOutcome.GoComparison go = largest.outcome() == null ? null : largest.outcome().go();
            out.println(go == null ? largest.label() + ": go tool pprof 1h speed-up >= 100x: not measured"
                    : String.format("%s: go tool pprof 1h speed-up (same window, %,d files) %.0fx >= %.0fx: %s", largest.label(), go.files(),
                    go.speedUp(), GO_GOAL, verdict(go.speedUp() >= GO_GOAL)));
        }
        for (QuerySweep.DataSet set : sets) {
            if (set.outcome() != null) {
                double share = StorageTiers.load(set.outcome().manifest()).rollupShare();
                out.printf("%s: rollups %.1f %% of the raw tier <= %.0f %%: %s%n", set.label(), 100 * share, 100 * ROLLUP_SHARE_GOAL,
                        verdict(share <= ROLLUP_SHARE_GOAL));
            }
        }
    }

    private static Optional<QueryOutcome.Query> query(QuerySweep.DataSet set, String key) {
        return set.outcome() == null ? Optional.empty() : set.outcome().query(key);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    /** A number without a needless fraction: 9 for 9.0, 0.2 for 0.2. */
    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}

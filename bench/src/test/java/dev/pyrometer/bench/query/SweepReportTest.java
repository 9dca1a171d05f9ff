package dev.pyrometer.bench.query;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweep's summary: one row per data set and a met/MISSED line per goal, from the runs' figures as they are. */
class SweepReportTest {
    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void theTableHasARowPerDataSetAndTheGoalsSayMetOrMissed() {
        QuerySweep.DataSet small = set(3, new QueryOutcome(manifest(1000, 2_000_000, 400_000), List.of(
                query("merge-1h", 30, 300), query("merge-24h", 70, 420), diff("diff 24h cpu vs the 24h before", 60, 840)),
                new QueryOutcome.GoComparison(180, 190, 10, 30)));
        QuerySweep.DataSet large = set(100, new QueryOutcome(manifest(100_000, 30_000_000, 20_000_000), List.of(
                query("merge-1h", 40, 310), query("merge-24h", 90, 430), diff("diff 24h cpu vs 7 days earlier", 100, 860)),
                new QueryOutcome.GoComparison(6000, 6000, 50, 60)));

        String text = print(List.of(small, large));

        assertThat(text).contains(
                "| 3 pods, 60 s, 9 d | 45 (30 + 10 + 5) | 5,000 / 1,000 | 300 · 30.0 / 60.0 | 420 · 70.0 / 140.0 | - | 840 · 60.0 / 120.0 † |"
                        + " 19x / 6x (180 files) | 2.0 | 0.4 | 20.0 % | 400 |",
                "| 100 pods, 60 s, 9 d | 45 (30 + 10 + 5) | 5,000 / 100,000 | 310 · 40.0 / 80.0 | 430 · 90.0 / 180.0 | - | 860 · 100.0 / 200.0 |"
                        + " 120x / 100x (6,000 files) | 30.0 | 20.0 | 66.7 % | 6000 |",
                "  100 pods, 60 s, 9 d: profile 100,000 rows 30.0 MB; rollup_hour 10 rows 20.0 MB; rollup_pending (bookkeeping) 0 rows 0.0 MB;"
                        + " rollup share 66.7 %");
        assertThat(text.substring(text.indexOf("== goals"))).isEqualTo(String.join(System.lineSeparator(),
                "== goals (printed, not asserted) ==",
                "100 pods, 60 s, 9 d: merge-1h p50 40.0 ms <= 50 ms: met",
                "100 pods, 60 s, 9 d: merge-24h p50 90.0 ms <= 80 ms: MISSED",
                "100 pods, 60 s, 9 d: merge-7d p50 <= 150 ms: not measured",
                "100 pods, 60 s, 9 d: diff-24h p50 100.0 ms <= 150 ms: met",
                "100 vs 3 pods, 60 s: merge-1h p50 40.0 / 30.0 ms = 1.33x <= 1.5x: met",
                "100 vs 3 pods, 60 s: merge-24h p50 90.0 / 70.0 ms = 1.29x <= 1.5x: met",
                "100 vs 3 pods, 60 s: merge-7d p50 <= 1.5x: not measured",
                "100 vs 3 pods, 60 s: diff-24h p50 100.0 / 60.0 ms = 1.67x <= 1.5x: MISSED",
                "100 pods, 60 s, 9 d: go tool pprof 1h speed-up (same window, 6,000 files) 120x >= 100x: met",
                "3 pods, 60 s, 9 d: rollups 20.0 % of the raw tier <= 25 %: met",
                "100 pods, 60 s, 9 d: rollups 66.7 % of the raw tier <= 25 %: MISSED",
                ""));
    }

    @Test
    void aFailedDataSetIsShownAndItsGoalsAreNotMeasured() {
        QuerySweep.DataSet failed = new QuerySweep.DataSet(100, MINUTE, 9, Path.of("/nowhere"), null, "disk full");

        String text = print(List.of(failed));

        assertThat(text).contains("| 100 pods, 60 s, 9 d | failed: disk full |");
        assertThat(text).contains("100 pods, 60 s, 9 d: merge-1h p50 <= 50 ms: not measured",
                "100 pods, 60 s, 9 d: go tool pprof 1h speed-up >= 100x: not measured");
    }

    private static QuerySweep.DataSet set(int pods, QueryOutcome outcome) {
        return new QuerySweep.DataSet(pods, MINUTE, 9, Path.of("/data/" + pods), outcome, null);
    }

    private static QueryOutcome.Query query(String key, double p50, double rows) {
        return new QueryOutcome.Query(key, key, p50, 2 * p50, rows);
    }

    private static QueryOutcome.Query diff(String label, double p50, double rows) {
        return new QueryOutcome.Query("diff-24h", label, p50, 2 * p50, rows);
    }

    /** A manifest of 5,000 uploads loaded in 30 s + 10 s + 5 s, with a raw tier and one rollup table of the given bytes. */
    private static Properties manifest(long rawRows, long rawBytes, long rollupBytes) {
        Properties manifest = new Properties();
        manifest.setProperty("loaded.write.seconds", "30.0");
        manifest.setProperty("rollup.catchup.seconds", "10.0");
        manifest.setProperty("analyze.seconds", "5.0");
        manifest.setProperty("loaded.uploads", "5000");
        new StorageTiers(List.of(new StorageTiers.Table("profile", StorageTiers.Role.RAW, rawRows, rawBytes),
                new StorageTiers.Table("rollup_hour", StorageTiers.Role.ROLLUP, 10, rollupBytes),
                new StorageTiers.Table("rollup_pending", StorageTiers.Role.BOOKKEEPING, 0, 8192))).store(manifest);
        return manifest;
    }

    private static String print(List<QuerySweep.DataSet> sets) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new SweepReport(sets).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}

package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;


/**
 * web/e2e/diff-honesty.mjs in Debian's Chromium over {@link DashboardSeed} plus {@link GoroutineShiftSeed}: the
 * goroutine leak diff painted as growth by default, relative mode saying what it compares, the diff table by
 * size of change (UI and API), flame graph export as PNG, SVG and JSON with the JSON opening to the same graph,
 * the sandwich's function picker, and a failed first load without a canvas over the message.
 */
class DiffHonestyBrowserIT {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static BrowserRun run;

    @BeforeAll
    static void start() {
        HikariDataSource database = DashboardSeed.create(NOW);
        try {
            GoroutineShiftSeed.write(database, NOW);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        run = BrowserRun.over(database);
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void theDiffShowsGrowthAndTheFlameGraphExportsAndOpensAgain() throws Exception {
        Instant after = NOW.minus(GoroutineShiftSeed.WINDOW);
        Instant before = after.minus(GoroutineShiftSeed.WINDOW);
        run.passes("e2e/diff-honesty.mjs", Map.ofEntries(
                Map.entry("E2E_GOROUTINE_TYPE", GoroutineShiftSeed.TYPE),
                Map.entry("E2E_LEAK_SERVICE", GoroutineShiftSeed.LEAK_SERVICE),
                Map.entry("E2E_CHURN_SERVICE", GoroutineShiftSeed.CHURN_SERVICE),
                Map.entry("E2E_LEAKER", GoroutineShiftSeed.LEAKER),
                Map.entry("E2E_CHURN_ORDER", String.join(",", GoroutineShiftSeed.WORKER, GoroutineShiftSeed.CACHE, GoroutineShiftSeed.HANDLER)),
                Map.entry("E2E_BEFORE_FROM", before.toString()),
                Map.entry("E2E_AFTER_FROM", after.toString()),
                Map.entry("E2E_NOW", NOW.toString()),
                Map.entry("E2E_SERVICE", DashboardSeed.SERVICE),
                Map.entry("E2E_CPU_TYPE", DashboardSeed.CPU_TYPE),
                Map.entry("E2E_TOP", DashboardSeed.TOP_FUNCTION),
                Map.entry("E2E_XSS", DashboardSeed.XSS_FUNCTION)),
                List.of("diff-leak-absolute", "diff-leak-relative", "diff-table-by-size", "export-menu", "export-svg",
                "opened-json", "sandwich-picker", "error-no-canvas"));
    }
}

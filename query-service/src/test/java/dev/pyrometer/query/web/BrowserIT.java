package dev.pyrometer.query.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;


/**
 * The dashboard's acceptance test: a real query-service (API and the packaged web/ build) over a real
 * PostgreSQL seeded by {@link DashboardSeed}, driven in Debian's Chromium by web/e2e/acceptance.mjs
 * (playwright-core, installed by web/'s {@code npm ci}). The script checks each acceptance point, prints one
 * "ok" line per check and saves a screenshot of each view under web/target/screenshots/; it exits non-zero
 * on the first failure.
 */
class BrowserIT {
    private static BrowserRun run;

    @BeforeAll
    static void start() {
        run = BrowserRun.start();
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void dashboardPassesTheAcceptanceScript() throws Exception {
        run.passes("e2e/acceptance.mjs", Map.of(
                "E2E_SERVICE", DashboardSeed.SERVICE,
                "E2E_TYPE", DashboardSeed.CPU_TYPE,
                "E2E_TOP_FUNCTION", DashboardSeed.TOP_FUNCTION,
                "E2E_REGRESSION", DashboardSeed.REGRESSION,
                "E2E_XSS_FUNCTION", DashboardSeed.XSS_FUNCTION),
                List.of("explorer", "flamegraph-search", "flamegraph-zoom", "top-table", "sandwich",
                "compare-last-week", "compare-side-by-side", "compare-before-after", "xss"));
    }
}

package dev.pyrometer.query.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;


/**
 * The explorer's Graph tab in Debian's Chromium (web/e2e/callgraph.mjs) against a real query-service over a
 * PostgreSQL seeded by {@link DashboardSeed}: the call graph draws what the API keeps, right-click peeks at a
 * function, a click opens the flame graph focused on it, and a function named like markup stays text.
 */
class CallGraphBrowserIT {
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
    void graphTabPassesItsScript() throws Exception {
        run.passes("e2e/callgraph.mjs", Map.of(
                "E2E_SERVICE", DashboardSeed.SERVICE,
                "E2E_TYPE", DashboardSeed.CPU_TYPE,
                "E2E_TOP_FUNCTION", DashboardSeed.TOP_FUNCTION,
                "E2E_HANDLER", DashboardSeed.HANDLER,
                "E2E_XSS_FUNCTION", DashboardSeed.XSS_FUNCTION),
                List.of("callgraph", "callgraph-peek", "callgraph-xss", "callgraph-focus-flame"));
    }
}

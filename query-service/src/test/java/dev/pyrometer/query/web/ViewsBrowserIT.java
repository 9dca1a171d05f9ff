package dev.pyrometer.query.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;


/**
 * The services overview and the tag explorer in Chromium (web/e2e/views.mjs) over a real query-service and
 * PostgreSQL seeded by {@link ViewsSeed}; the script also prints first-paint and interaction times.
 */
class ViewsBrowserIT {
    /** The seed's "now", on a whole minute, so that its window's steps start where its profiles do. */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    private static BrowserRun run;

    @BeforeAll
    static void start() {
        run = BrowserRun.over(ViewsSeed.create(NOW));
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void overviewAndTagExplorerPassTheirScript() throws Exception {
        run.passes("e2e/views.mjs", Map.of(
                "E2E_FROM", NOW.minus(ViewsSeed.SPAN).toString(),
                "E2E_TO", NOW.toString(),
                "E2E_TENANT", ViewsSeed.TENANT,
                "E2E_ORDER", String.join(",", ViewsSeed.BIG, ViewsSeed.MIDDLE, ViewsSeed.SMALL, ViewsSeed.NO_CPU),
                "E2E_TAG_SERVICE", ViewsSeed.BIG,
                "E2E_V1", ViewsSeed.V1,
                "E2E_V2", ViewsSeed.V2,
                "E2E_XSS", DashboardSeed.XSS_FUNCTION,
                "E2E_XSS_SERVICE", ViewsSeed.SMALL,
                "E2E_NO_CPU", ViewsSeed.NO_CPU),
                List.of("overview", "overview-search", "tags", "tags-filtered-explore"));
    }
}

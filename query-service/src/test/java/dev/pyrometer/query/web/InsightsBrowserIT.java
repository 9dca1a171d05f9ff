package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.testing.DemoService;
import dev.pyrometer.profile.testing.SyntheticCpu;
import dev.pyrometer.query.insight.FleetSeed;
import dev.pyrometer.query.insight.GoLeakRecorder;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


/**
 * "What changed" and "Growth" in Chromium (web/e2e/insights.mjs) over a real query-service and PostgreSQL:
 * {@link FleetSeed}'s planted regression, with one function named {@value DashboardSeed#XSS_FUNCTION}, and the
 * demo Go service recorded while it leaks (service "leaky", as in GoLeakIT).
 */
class InsightsBrowserIT {
    private static final Instant LEAK_FROM = Instant.parse("2026-10-20T08:00:00Z");
    private static final int LEAK_STEPS = 16;

    private static BrowserRun run;

    @BeforeAll
    static void start() throws Exception {
        HikariDataSource database = TestDatabase.create();
        List<String> functions = new ArrayList<>(SyntheticCpu.defaultNames(25));
        functions.set(7, DashboardSeed.XSS_FUNCTION);
        FleetSeed.write(database, functions);
        GoLeakRecorder recorder = new GoLeakRecorder(new Store(database));
        try (DemoService demo = GoLeakRecorder.start()) {
            recorder.record(demo, Captures.labels("service_name", "leaky", "pod", "leaky-0"), LEAK_FROM, LEAK_STEPS, 2 << 20, 10);
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
    void insightViewsPassTheirScript() throws Exception {
        run.passes("e2e/insights.mjs", Map.ofEntries(
                Map.entry("E2E_FLEET_TENANT", FleetSeed.TENANT),
                Map.entry("E2E_PLANTED", FleetSeed.PLANTED),
                Map.entry("E2E_PLANTED_SERVICE", FleetSeed.PLANTED_SERVICE),
                Map.entry("E2E_XSS_FUNCTION", DashboardSeed.XSS_FUNCTION),
                Map.entry("E2E_FROM", FleetSeed.COMPARISON_FROM.toString()),
                Map.entry("E2E_TO", FleetSeed.COMPARISON_TO.toString()),
                Map.entry("E2E_LEAK_SERVICE", "leaky"),
                Map.entry("E2E_LEAK_FROM", LEAK_FROM.toString()),
                Map.entry("E2E_LEAK_TO", LEAK_FROM.plusSeconds(60L * LEAK_STEPS).toString())),
                List.of("changes", "changes-to-compare", "growth", "growth-goroutine"));
    }
}

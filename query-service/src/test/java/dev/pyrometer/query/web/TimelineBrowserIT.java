package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.query.support.TimelineSeed;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;


/**
 * The timeline in Debian's Chromium (web/e2e/timeline.mjs) over {@link TimelineSeed}'s snapshots, stored so
 * that they end a minute before now: back-to-back 9 s CPU profiles of a flat half-core load draw a flat line
 * in 10 s steps, hovering shows the value, 3 minutes of data are not squeezed into a 1 h window, and the two
 * timelines of Compare share one y-scale.
 */
class TimelineBrowserIT {
    private static BrowserRun run;
    private static Instant anchor;

    @BeforeAll
    static void start() throws SQLException {
        anchor = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(TimelineSeed.SPAN).minus(1, ChronoUnit.MINUTES);
        HikariDataSource database = TestDatabase.create();
        try {
            new Store(database).writer().write(TimelineSeed.uploads(anchor));
        } catch (SQLException | RuntimeException e) {
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
    void timelinePassesItsScript() throws Exception {
        run.passes("e2e/timeline.mjs", Map.of(
                "E2E_FLAT", TimelineSeed.FLAT,
                "E2E_STEPPED", TimelineSeed.STEPPED,
                "E2E_ANCHOR_MS", String.valueOf(anchor.toEpochMilli()),
                "E2E_SPAN_MS", String.valueOf(TimelineSeed.SPAN.toMillis())),
                List.of("timeline-flat", "timeline-hover", "timeline-fitted", "timeline-compare-shared-scale",
                "timeline-before-after"));
    }
}

package dev.pyrometer.query.web;

import dev.pyrometer.query.support.SourceServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The explorer's "Lines" tab in Debian's Chromium (web/e2e/lines.mjs) against a real query-service over the
 * {@link DashboardSeed} database, with service {@value DashboardSeed#SERVICE}'s source configured on a local file
 * server and {@value DashboardSeed#OTHER_SERVICE} without: the numbers shown equal the API's and pprof's, the source
 * text is shown where configured, and names, file names and source text render as text, never markup.
 */
class LinesBrowserIT {
    /** The planted XSS function's frame is at line 91 + 3 of /src/seedapp/search.go (see DashboardSeed#planted). */
    private static final int XSS_LINE = 94;
    private static final String XSS_TEXT = "\treturn <img src=x onerror=alert(2)><script>alert(3)</script> & \"quotes\"";
    private static final String MAIN_GO = "/seedapp/tmp/ceo/go/seedapp/main.go";
    private static final String SEARCH_GO = "/seedapp/src/seedapp/search.go";

    private static SourceServer sources;
    private static BrowserRun run;

    @BeforeAll
    static void start() {
        StringBuilder search = new StringBuilder();
        for (int line = 1; line <= 120; line++) {
            search.append(line == XSS_LINE ? XSS_TEXT : "// search.go line " + line).append('\n');
        }
        sources = new SourceServer()
                .put(MAIN_GO, SourceServer.resource("/fixtures/go-seedapp/workload.go.txt"))
                .put(SEARCH_GO, search.toString().getBytes(StandardCharsets.UTF_8));
        run = BrowserRun.start("--pyrometer.query.source.services=" + DashboardSeed.SERVICE + "=" + sources.origin() + "/seedapp/{path} /");
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
        if (sources != null) {
            sources.close();
        }
    }

    @Test
    void theLinesTabShowsTheNumbersAndTheSourceAsText() throws Exception {
        run.passes("e2e/lines.mjs", Map.of(
                "E2E_SERVICE", DashboardSeed.SERVICE,
                "E2E_PLAIN_SERVICE", DashboardSeed.OTHER_SERVICE,
                "E2E_TYPE", DashboardSeed.CPU_TYPE,
                "E2E_FUNCTION", DashboardSeed.TOP_FUNCTION,
                "E2E_XSS_FUNCTION", DashboardSeed.XSS_FUNCTION,
                "E2E_XSS_LINE", String.valueOf(XSS_LINE),
                "E2E_XSS_TEXT", XSS_TEXT),
                List.of("lines", "lines-xss", "lines-no-source"));
        // every file fetched once at most (then cached), and only from the configured base
        List<String> requests = sources.requests();
        assertThat(requests).allMatch(path -> path.startsWith("/seedapp/")).doesNotHaveDuplicates().contains(MAIN_GO, SEARCH_GO);
    }
}

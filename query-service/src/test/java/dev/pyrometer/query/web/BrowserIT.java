package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's acceptance test: a real query-service (API and the packaged web/ build) over a real
 * PostgreSQL seeded by {@link DashboardSeed}, driven in Debian's Chromium by web/e2e/acceptance.mjs
 * (playwright-core, installed by web/'s {@code npm ci}). The script checks each acceptance point, prints one
 * "ok" line per check and saves a screenshot of each view under web/target/screenshots/; it exits non-zero
 * on the first failure.
 */
class BrowserIT {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PYROMETER_CHROMIUM", "/usr/bin/chromium"));
    static final Path WEB = Path.of(System.getProperty("pyrometer.web.dir", "../web")).toAbsolutePath().normalize();
    static final Path SCREENSHOTS = Path.of(System.getProperty("pyrometer.screenshot.dir", WEB.resolve("target/screenshots").toString()));

    private static HikariDataSource database;
    private static DashboardServer server;

    @BeforeAll
    static void start() {
        assertThat(CHROMIUM).as("Chromium is needed for the browser tests: apt-get install -y chromium").isExecutable();
        assertThat(WEB.resolve("node_modules/playwright-core")).as("web/node_modules: the web module's `npm ci` runs first").isDirectory();
        database = DashboardSeed.create(Instant.now());
        server = DashboardServer.start(database.getJdbcUrl(), 0);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void dashboardPassesTheAcceptanceScript() throws Exception {
        Result result = node("e2e/acceptance.mjs", Map.of(
                "BASE_URL", server.baseUrl(),
                "SCREENSHOT_DIR", SCREENSHOTS.toString(),
                "CHROMIUM", CHROMIUM.toString(),
                "E2E_SERVICE", DashboardSeed.SERVICE,
                "E2E_TYPE", DashboardSeed.CPU_TYPE,
                "E2E_TOP_FUNCTION", DashboardSeed.TOP_FUNCTION,
                "E2E_REGRESSION", DashboardSeed.REGRESSION,
                "E2E_XSS_FUNCTION", DashboardSeed.XSS_FUNCTION));
        assertThat(result.exitCode()).as("acceptance.mjs exit code; its output:%n%s", result.output()).isZero();
        assertThat(result.output()).contains("ALL CHECKS PASSED").doesNotContain("FAIL");
        for (String view : List.of("explorer", "flamegraph-search", "flamegraph-zoom", "top-table", "sandwich",
                "compare-last-week", "compare-side-by-side", "compare-before-after", "xss")) {
            assertThat(SCREENSHOTS.resolve(view + ".png")).as("screenshot of %s", view).isNotEmptyFile();
        }
    }

    record Result(int exitCode, String output) {
    }

    /** Runs {@code node script} in web/ with {@code env}, echoing its output; gives up after 5 minutes. */
    static Result node(String script, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(WEB.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    System.out.println("[e2e] " + line);
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        reader.join(10_000);
        synchronized (lines) {
            return new Result(process.isAlive() ? -1 : process.exitValue(), String.join("\n", lines));
        }
    }
}

package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser ITs share: a real query-service over a PostgreSQL seeded by {@link DashboardSeed}, and a
 * script under web/e2e run with node against it in Debian's Chromium (playwright-core from web/'s
 * {@code npm ci}). Close it to stop the server and the database.
 */
final class BrowserRun implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PYROMETER_CHROMIUM", "/usr/bin/chromium"));
    static final Path WEB = Path.of(System.getProperty("pyrometer.web.dir", "../web")).toAbsolutePath().normalize();
    static final Path SCREENSHOTS = Path.of(System.getProperty("pyrometer.screenshot.dir", WEB.resolve("target/screenshots").toString()));

    private final ServedDatabase served;

    private BrowserRun(ServedDatabase served) {
        this.served = served;
    }

    /** Seeds a fresh database relative to now and starts query-service on a free port, with extra {@code settings}. */
    static BrowserRun start(String... settings) {
        return over(DashboardSeed.create(Instant.now()), settings);
    }

    /** Starts query-service on a free port over {@code database}, which the run closes when it stops. */
    static BrowserRun over(HikariDataSource database, String... settings) {
        try {
            assertThat(CHROMIUM).as("Chromium is needed for the browser tests: apt-get install -y chromium").isExecutable();
            assertThat(WEB.resolve("node_modules/playwright-core")).as("web/node_modules: the web module's `npm ci` runs first").isDirectory();
            return new BrowserRun(ServedDatabase.serve(database, settings));
        } catch (RuntimeException | AssertionError e) {
            database.close();
            throw e;
        }
    }

    /**
     * Runs {@code node SCRIPT} (see {@link #node}) and asserts that it passed every check and saved each of
     * {@code screenshots} (names without ".png") under {@link #SCREENSHOTS}.
     */
    void passes(String script, Map<String, String> env, List<String> screenshots) throws IOException, InterruptedException {
        Result result = node(script, env);
        assertThat(result.exitCode()).as("%s exit code; its output:%n%s", script, result.output()).isZero();
        assertThat(result.output()).contains("ALL CHECKS PASSED").doesNotContain("FAIL");
        for (String view : screenshots) {
            assertThat(SCREENSHOTS.resolve(view + ".png")).as("screenshot of %s", view).isNotEmptyFile();
        }
    }

    /** The script's exit code (-1 when it ran past 5 minutes) and its output. */
    record Result(int exitCode, String output) {
    }

    /**
     * Runs {@code node SCRIPT} in web/ with BASE_URL, SCREENSHOT_DIR and CHROMIUM set, plus {@code env};
     * echoes its lines prefixed with "[e2e] ".
     */
    Result node(String script, Map<String, String> env) throws IOException, InterruptedException {
        Files.createDirectories(SCREENSHOTS);
        ProcessBuilder builder = new ProcessBuilder("node", script).directory(WEB.toFile()).redirectErrorStream(true);
        Map<String, String> all = new HashMap<>(Map.of("BASE_URL", served.baseUrl(), "SCREENSHOT_DIR", SCREENSHOTS.toString(),
                "CHROMIUM", CHROMIUM.toString()));
        all.putAll(env);
        builder.environment().putAll(all);
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

    /** The running service's bean of {@code type}. */
    <T> T bean(Class<T> type) {
        return served.bean(type);
    }

    String baseUrl() {
        return served.baseUrl();
    }

    @Override
    public void close() {
        served.close();
    }
}

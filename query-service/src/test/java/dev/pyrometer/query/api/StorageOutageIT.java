package dev.pyrometer.query.api;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.query.QueryApplication;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.storage.db.Migrations;
import dev.pyrometer.storage.testing.Awaits;
import dev.pyrometer.storage.testing.KillablePostgres;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.WriteOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * query-service against a real PostgreSQL that is killed ({@code kill -9} of its postmaster) and started again on the
 * same data directory and port, with no restart of query-service: while the database is gone every query answers
 * 503 {@code {"error": "storage is unavailable; retry"}} inside a 2 s client deadline and readiness turns DOWN; once
 * it is back, readiness is UP and queries answer 200 with the same data. Conditions are polled, never slept for;
 * the measured times are logged, not asserted.
 */
class StorageOutageIT {
    private static final Logger log = LoggerFactory.getLogger(StorageOutageIT.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Each request's deadline while the database is gone: a 1 s pool timeout plus room for a loaded machine. */
    private static final Duration OUTAGE_DEADLINE = Duration.ofSeconds(2);
    private static final Instant AT = Instant.parse("2026-09-07T10:00:00Z");

    private static KillablePostgres postgres;
    private static ConfigurableApplicationContext app;
    private static int port;
    private static int managementPort;

    @BeforeAll
    static void start() throws Exception {
        postgres = KillablePostgres.start();
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(postgres.jdbcUrl());
            Migrations.apply(dataSource);
            assertThat(new Store(dataSource).write(Store.upload("outage-cpu",
                    QueryFixture.capture("cpu-2", "outage", AT, profile -> profile.type().id().equals(CPU)))))
                    .containsExactly(WriteOutcome.STORED);
        }
        app = new SpringApplicationBuilder(QueryApplication.class).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--management.server.port=0", "--management.server.address=127.0.0.1",
                "--pyrometer.database.url=" + postgres.jdbcUrl());
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        managementPort = Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void anOutageIsA503WithReadinessDownAndBothRecoverOnTheirOwn() {
        long total = top().json().at("/window/total").asLong();
        assertThat(total).isPositive();
        assertThat(readiness()).isEqualTo(200);

        long killed = System.nanoTime();
        postgres.kill();
        Awaits.until("readiness is DOWN", Duration.ofSeconds(5), () -> readiness() == 503);
        long down = System.nanoTime();
        Awaits.until("queries answer 503", Duration.ofSeconds(30), () -> top().status() == 503);
        long firstUnavailable = System.nanoTime();
        long slowest = 0;
        for (String path : List.of(topUrl(), api("flamegraph", "profileType", CPU), api("timeline", "profileType", CPU),
                api("catalog/services"), api("diff", "profileType", CPU, "leftFrom", "now-2h", "leftTo", "now-1h",
                        "rightFrom", "now-1h", "rightTo", "now"))) {
            long sent = System.nanoTime();
            Answer answer = get(path, OUTAGE_DEADLINE);
            slowest = Math.max(slowest, System.nanoTime() - sent);
            assertThat(answer.status()).as(path).isEqualTo(503);
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(answer.body()).isEqualTo("{\"error\":\"storage is unavailable; retry\"}");
        }
        Answer connect = post("/querier.v1.QuerierService/ProfileTypes", "{}", OUTAGE_DEADLINE);
        assertThat(connect.status()).as("querier.v1 over Connect").isEqualTo(503);
        assertThat(connect.body()).isEqualTo("{\"code\":\"unavailable\",\"message\":\"storage is unavailable; retry\"}");
        assertThat(readiness()).as("still DOWN").isEqualTo(503);

        postgres.restart();
        long restarted = System.nanoTime();
        Awaits.until("readiness is UP", Duration.ofSeconds(30), () -> readiness() == 200);
        long up = System.nanoTime();
        Awaits.until("queries answer 200", Duration.ofSeconds(30), () -> top().status() == 200);
        assertThat(top().json().at("/window/total").asLong()).as("the same data after the restart").isEqualTo(total);

        log.info("Outage: readiness DOWN {} ms after the kill, first 503 {} ms after the kill, slowest 503 {} ms; readiness UP {} ms"
                        + " after PostgreSQL was back, queries answer 200 {} ms after it was back", millis(down - killed),
                millis(firstUnavailable - killed), millis(slowest), millis(up - restarted), millis(System.nanoTime() - restarted));
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static String topUrl() {
        return api("top", "profileType", CPU, "query", "{service_name=\"outage\"}", "from", AT.minusSeconds(60), "to", AT.plusSeconds(3600));
    }

    private static Answer top() {
        long sent = System.nanoTime();
        Answer answer = get(topUrl(), Duration.ofSeconds(10));
        log.info("GET top: {} in {} ms", answer.status(), millis(System.nanoTime() - sent));
        return answer;
    }

    private static String api(String path, Object... namesAndValues) {
        StringBuilder url = new StringBuilder("http://127.0.0.1:" + port + "/api/v1/" + path);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            url.append(i == 0 ? '?' : '&').append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(String.valueOf(namesAndValues[i + 1]), StandardCharsets.UTF_8));
        }
        return url.toString();
    }

    /** The status of the readiness probe: 200 UP, 503 DOWN. */
    private static int readiness() {
        return get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness", Duration.ofSeconds(10)).status();
    }

    private record Answer(int status, String contentType, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    /** A Connect JSON call with a deadline. */
    private static Answer post(String path, String json, Duration deadline) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(deadline)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new AssertionError("POST " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** GET with a deadline; an answer that does not come within it fails the test. */
    private static Answer get(String url, Duration deadline) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(deadline).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (HttpTimeoutException e) {
            throw new AssertionError("no answer within " + deadline.toMillis() + " ms: GET " + url, e);
        } catch (IOException e) {
            throw new AssertionError("GET " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

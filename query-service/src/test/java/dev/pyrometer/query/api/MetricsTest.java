package dev.pyrometer.query.api;

import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.storage.chunk.RawRows;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.pyrometer.query.support.QueryFixture.GOROUTINE;
import static dev.pyrometer.query.support.QueryFixture.METRICS_AT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prometheus metrics on the management port: latency histograms per API endpoint, and per endpoint the rows
 * (raw rows and rollup buckets) and payload bytes each query read, with exact counts and sums after known
 * calls; where profile reads go without a replica. Service "metrics" holds three goroutine snapshots at 00:00:10, :20 and :30 of day 6, rolled up.
 */
class MetricsTest extends RunningQueryService {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)(?: \\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Instant DAY6 = QueryFixture.day(6);

    @Test
    void rowsAndBytesReadArePerEndpointHistogramsWithExactSums() throws Exception {
        long threeRows = payloadBytes(RawRows.all(), "time >= to_timestamp(?) AND time < to_timestamp(?)", DAY6.getEpochSecond(),
                DAY6.getEpochSecond() + 60);
        long middleRow = payloadBytes(RawRows.all(), "time >= to_timestamp(?) AND time < to_timestamp(?)", DAY6.getEpochSecond() + 15,
                DAY6.getEpochSecond() + 25);
        long tenMinuteBucket = payloadBytes("rollup_ten_minutes", "bucket >= to_timestamp(?) AND bucket < to_timestamp(?)", DAY6.getEpochSecond(),
                DAY6.getEpochSecond() + 600);
        assertThat(threeRows).isGreaterThan(middleRow).isPositive();
        assertThat(tenMinuteBucket).isPositive();
        Instant rawFrom = METRICS_AT.minusSeconds(5);
        Instant rawTo = METRICS_AT.plusSeconds(40);

        Map<String, Double> before = scrape();
        for (int i = 0; i < 2; i++) {
            ok(url("top", "profileType", GOROUTINE, "query", service("metrics"), "from", t(rawFrom), "to", t(rawTo)));
        }
        ok(url("top", "profileType", GOROUTINE, "query", service("metrics"), "from", t(DAY6), "to", t(DAY6.plusSeconds(600))));
        ok(url("flamegraph", "profileType", GOROUTINE, "query", service("metrics"), "from", t(rawFrom), "to", t(rawTo)));
        ok(url("flamegraph", "profileType", GOROUTINE, "query", service("no-such-service"), "from", t(rawFrom), "to", t(rawTo)));
        assertThat(get(url("pprof", "profileType", GOROUTINE, "query", service("metrics"), "from", t(rawFrom), "to", t(rawTo))).status())
                .isEqualTo(200);
        ok(url("diff", "profileType", GOROUTINE, "query", service("metrics"), "leftFrom", t(rawFrom), "leftTo", t(rawTo),
                "rightFrom", t(METRICS_AT.plusSeconds(5)), "rightTo", t(METRICS_AT.plusSeconds(15))));
        assertThat(get(url("top", "profileType", "bad")).status()).isEqualTo(400);
        Map<String, Double> after = scrape();

        // top: 3 raw rows twice, then 1 ten-minute bucket of the series (goroutine is averaged: read series by series)
        assertRead(before, after, "top", 3, 3 + 3 + 1, threeRows + threeRows + tenMinuteBucket);
        // flamegraph: 3 raw rows, then nothing for an unknown service
        assertRead(before, after, "flamegraph", 2, 3, threeRows);
        assertRead(before, after, "pprof", 1, 3, threeRows);
        // diff: both windows in one observation
        assertRead(before, after, "diff", 1, 3 + 1, threeRows + middleRow);

        assertThat(delta(before, after, "http_server_requests_seconds_count", Map.of("uri", "/api/v1/top", "status", "200"))).isEqualTo(3);
        assertThat(delta(before, after, "http_server_requests_seconds_count", Map.of("uri", "/api/v1/top", "status", "400"))).isEqualTo(1);
        assertThat(delta(before, after, "http_server_requests_seconds_count", Map.of("uri", "/api/v1/diff", "status", "200"))).isEqualTo(1);
        for (String uri : List.of("/api/v1/top", "/api/v1/flamegraph", "/api/v1/pprof", "/api/v1/diff")) {
            assertThat(after.keySet()).as("a latency histogram for %s", uri)
                    .anyMatch(key -> key.startsWith("http_server_requests_seconds_bucket{") && key.contains("uri=\"" + uri + "\""));
        }
        assertThat(after.keySet()).anyMatch(key -> key.startsWith("pyrometer_query_rows_bucket{") && key.contains("endpoint=\"top\""));
        assertThat(after.keySet()).anyMatch(key -> key.startsWith("pyrometer_query_bytes_bucket{") && key.contains("endpoint=\"diff\""));
    }

    @Test
    void withoutAReplicaEveryProfileReadGoesToThePrimary() {
        Map<String, Double> before = scrape();
        ok(url("top", "profileType", GOROUTINE, "query", service("metrics"), "from", t(DAY6), "to", t(DAY6.plusSeconds(60))));
        Map<String, Double> after = scrape();
        assertThat(select(after, "pyrometer_query_reads_from", Map.of("database", "primary"))).isEqualTo(1.0);
        assertThat(select(after, "pyrometer_query_reads_from", Map.of("database", "replica"))).isEqualTo(0.0);
        assertThat(delta(before, after, "pyrometer_query_reads_total", Map.of("database", "primary"))).isPositive();
        assertThat(delta(before, after, "pyrometer_query_reads_total", Map.of("database", "replica"))).isZero();
        assertThat(after.keySet()).noneMatch(key -> key.startsWith("pyrometer_replica_"));

        Answer health = get("http://127.0.0.1:" + managementPort + "/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("components").path("replica").toString())
                .isEqualTo("{\"details\":{\"readsFrom\":\"primary\",\"replica\":\"not configured\"},\"status\":\"UP\"}");
    }

    @Test
    void managementEndpointsAreOnTheManagementPortOnly() {
        assertThat(get("http://127.0.0.1:" + managementPort + "/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(get("http://127.0.0.1:" + port + "/actuator/prometheus").status()).isEqualTo(404);
    }

    private void assertRead(Map<String, Double> before, Map<String, Double> after, String endpoint, long calls, long rows, long bytes) {
        Map<String, String> tag = Map.of("endpoint", endpoint);
        assertThat(delta(before, after, "pyrometer_query_rows_count", tag)).as("%s calls", endpoint).isEqualTo(calls);
        assertThat(delta(before, after, "pyrometer_query_rows_sum", tag)).as("%s rows", endpoint).isEqualTo(rows);
        assertThat(delta(before, after, "pyrometer_query_bytes_count", tag)).as("%s calls", endpoint).isEqualTo(calls);
        assertThat(delta(before, after, "pyrometer_query_bytes_sum", tag)).as("%s bytes", endpoint).isEqualTo(bytes);
    }

    /** The change of the samples named {@code name} whose labels include {@code labels}, summed. */
    private static long delta(Map<String, Double> before, Map<String, Double> after, String name, Map<String, String> labels) {
        return Math.round(select(after, name, labels) - select(before, name, labels));
    }

    private static double select(Map<String, Double> samples, String name, Map<String, String> labels) {
        double sum = 0;
        for (Map.Entry<String, Double> sample : samples.entrySet()) {
            Matcher matcher = SAMPLE.matcher(sample.getKey() + " " + sample.getValue());
            if (!matcher.matches() || !matcher.group(1).equals(name)) {
                continue;
            }
            Map<String, String> present = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(matcher.group(2) == null ? "" : matcher.group(2));
            while (label.find()) {
                present.put(label.group(1), label.group(2));
            }
            if (present.entrySet().containsAll(labels.entrySet())) {
                sum += sample.getValue();
            }
        }
        return sum;
    }

    private Map<String, Double> scrape() {
        Answer answer = get("http://127.0.0.1:" + managementPort + "/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : answer.text().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = SAMPLE.matcher(line);
            assertThat(matcher.matches()).as("sample line '%s'", line).isTrue();
            String key = matcher.group(1) + (matcher.group(2) == null ? "" : "{" + matcher.group(2) + "}");
            samples.put(key, Double.parseDouble(matcher.group(3)));
        }
        return samples;
    }

    /** Payload bytes of service metrics' goroutine rows in {@code table} matching {@code where}. */
    private static long payloadBytes(String table, String where, Object... parameters) throws SQLException {
        try (Connection connection = QueryFixture.database().getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT coalesce(sum(octet_length(t.payload)), 0) FROM " + table
                     + " t JOIN series s ON s.id = t.series_id WHERE s.service_name = 'metrics' AND s.profile_type = ? AND " + where)) {
            statement.setString(1, GOROUTINE);
            List<Object> all = new ArrayList<>(List.of(parameters));
            for (int i = 0; i < all.size(); i++) {
                statement.setObject(i + 2, all.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.RunningIngestService;
import dev.pyrometer.protocol.pprof.PprofProto;
import dev.pyrometer.storage.chunk.RawRows;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import static dev.pyrometer.ingest.support.IngestTestKit.recentNanos;
import static dev.pyrometer.ingest.support.IngestTestKit.rowCounts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real requests of Pyroscope's SDKs replayed byte for byte (only {@code from} and {@code until}
 * moved to a recent time, so that the profiles fall inside retention): io.pyroscope:agent 2.9.2's
 * JFR uploads (profile-core's test data, sent chunked as the agent sends them) and
 * {@code @pyroscope/nodejs} 0.6.4's pprof uploads. Each is stored under its tenant with the exact
 * totals of what it carries, dynamic labels as series labels, and a replay is a duplicate.
 */
class PyroscopeCapturesTest extends RunningIngestService {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The replays' {@code from}, Unix seconds: the same for every replay, as a client's retry sends it. */
    private static final long FROM = recentNanos() / 1_000_000_000L;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void javaAgentJfrUploadIsStoredPerEventAndDynamicLabel() throws Exception {
        HttpResponse<String> response = replay("pyroscope-java/cpu-alloc-lock-1.json", "pyroscope-java/cpu-alloc-lock-1.body",
                "path", "jfr-captures", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        // The figures of profile-core's JfrConverterTest for the same recording: 409 execution samples at 100 Hz,
        // 3071 TLAB allocations, 166 monitor enters, 26 parks.
        Map<String, Long> totals = totals("jfr-captures");
        assertThat(totals).containsAllEntriesOf(Map.of(
                "process_cpu:cpu:nanoseconds:cpu:nanoseconds hot", 3_950_000_000L,
                "process_cpu:cpu:nanoseconds:cpu:nanoseconds alloc", 30_000_000L,
                "process_cpu:cpu:nanoseconds:cpu:nanoseconds -", 110_000_000L,
                "memory:alloc_in_new_tlab_objects:count:space:bytes alloc", 3065L,
                "mutex:contentions:count:mutex:count -", 166L,
                "block:contentions:count:block:count -", 26L));
        assertThat(rows("SELECT DISTINCT s.service_name || ' ' || (s.labels->>'env') || ' ' || (s.labels->>'pyroscope_spy') "
                + "FROM series s JOIN tenant t ON t.id = s.tenant_id WHERE t.name = 'jfr-captures'"))
                .isEqualTo("jfr.workload test javaspy");
        assertThat(rows("SELECT count(*) FROM symbol_function f JOIN tenant t ON t.id = f.tenant_id "
                + "WHERE t.name = 'jfr-captures' AND f.name = 'PyroscopeWorkload.burnCpu'")).isEqualTo("1");

        Map<String, Long> before = rowCounts(database());
        assertThat(replay("pyroscope-java/cpu-alloc-lock-1.json", "pyroscope-java/cpu-alloc-lock-1.body", "path", "jfr-captures", true)
                .statusCode()).isEqualTo(200);
        assertThat(rowCounts(database())).as("the replay is a duplicate").isEqualTo(before);
    }

    @Test
    void nodejsWallAndHeapUploadsAreStoredWithTheirPprofTotals() throws Exception {
        for (String kind : new String[] {"wall", "heap"}) {
            HttpResponse<String> response = replay("captures/nodejs/" + kind + ".request.json", "captures/nodejs/" + kind + ".body.pprof.gz",
                    "url", "node-captures", false);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        Map<String, Long> expected = new TreeMap<>();
        expectedTotals("captures/nodejs/wall.body.pprof.gz", "wall", expected);
        expectedTotals("captures/nodejs/heap.body.pprof.gz", "memory", expected);
        Map<String, Long> stored = new TreeMap<>();
        totals("node-captures").forEach((key, total) -> stored.merge(key.substring(0, key.lastIndexOf(' ')), total, Long::sum));
        assertThat(stored).isEqualTo(expected);
        assertThat(rows("SELECT DISTINCT s.service_name || ' ' || (s.labels->>'region') FROM series s JOIN tenant t "
                + "ON t.id = s.tenant_id WHERE t.name = 'node-captures'")).isEqualTo("pyrometer-compat-node local");
    }

    /** Sends a captured request with its method, headers and body; from/until moved to a recent time. */
    private HttpResponse<String> replay(String requestJson, String body, String pathField, String tenant, boolean chunked) throws Exception {
        JsonNode request = JSON.readTree(resource(requestJson));
        String path = request.get(pathField).asString().replaceAll("from=\\d+", "from=" + FROM).replaceAll("until=\\d+", "until=" + (FROM + 4));
        byte[] bytes = resource(body);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("X-Scope-OrgID", tenant)
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Map.Entry<String, JsonNode> header : request.get("headers").properties()) {
            if (header.getKey().equalsIgnoreCase("content-type") || header.getKey().equalsIgnoreCase("user-agent")) {
                builder.header(header.getKey(), header.getValue().asString());
            }
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Per sample type of a captured pprof: "name:type:unit:periodType:periodUnit" → the sum of its values. */
    private static void expectedTotals(String capture, String name, Map<String, Long> totals) throws IOException {
        PprofProto.Profile pprof;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(resource(capture)))) {
            pprof = PprofProto.Profile.parseFrom(in);
        }
        for (int t = 0; t < pprof.getSampleTypeCount(); t++) {
            long sum = 0;
            for (PprofProto.Sample sample : pprof.getSampleList()) {
                sum += sample.getValue(t);
            }
            totals.merge(name + ":" + pprof.getStringTable((int) pprof.getSampleType(t).getType()) + ":"
                    + pprof.getStringTable((int) pprof.getSampleType(t).getUnit()) + ":"
                    + pprof.getStringTable((int) pprof.getPeriodType().getType()) + ":"
                    + pprof.getStringTable((int) pprof.getPeriodType().getUnit()), sum, Long::sum);
        }
    }

    /** "profile_type workload" (or "-" without one) → summed total, over the tenant's stored profiles. */
    private static Map<String, Long> totals(String tenant) throws Exception {
        Map<String, Long> totals = new TreeMap<>();
        try (Connection connection = database().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT s.profile_type, coalesce(s.labels->>'workload', '-'), sum(p.total) "
                     + "FROM " + RawRows.all() + " p JOIN series s ON s.id = p.series_id JOIN tenant t ON t.id = s.tenant_id "
                     + "WHERE t.name = '" + tenant + "' GROUP BY 1, 2")) {
            while (rows.next()) {
                totals.put(rows.getString(1) + " " + rows.getString(2), rows.getLong(3));
            }
        }
        return totals;
    }

    private static String rows(String sql) throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = database().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                text.append(text.isEmpty() ? "" : "\n").append(rows.getString(1));
            }
        }
        return text.toString();
    }

    private static byte[] resource(String name) {
        try (InputStream in = PyroscopeCapturesTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

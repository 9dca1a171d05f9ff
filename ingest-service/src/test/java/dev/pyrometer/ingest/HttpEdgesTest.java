package dev.pyrometer.ingest;

import com.google.protobuf.ByteString;
import dev.pyrometer.ingest.support.RunningIngestService;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.protocol.pyroscope.push.v1.PushRequest;
import dev.pyrometer.protocol.pyroscope.push.v1.RawProfileSeries;
import dev.pyrometer.protocol.pyroscope.push.v1.RawSample;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelPair;
import dev.pyrometer.storage.chunk.RawRows;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.pyrometer.ingest.support.IngestTestKit.SMALL_CAPTURE;
import static dev.pyrometer.ingest.support.IngestTestKit.gzip;
import static dev.pyrometer.ingest.support.IngestTestKit.gzipBomb;
import static dev.pyrometer.ingest.support.IngestTestKit.recentNanos;
import static dev.pyrometer.ingest.support.IngestTestKit.rowCounts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pyroscope's HTTP edges on the public port, with a real HTTP client: each format stored with its
 * exact totals, retries recognized as duplicates, and hostile requests refused with their status and
 * a message, with no row written anywhere.
 */
class HttpEdgesTest extends RunningIngestService {
    private static final long FROM_SECONDS = recentNanos() / 1_000_000_000L;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void foldedStacksAreStoredWithCpuNanosecondsAtTheSampleRate() throws Exception {
        String name = "folded-app.cpu{env=http-folded,region=eu}";
        byte[] body = "main;work;spin 30\nmain;work 10\nmain;work;spin 2\n".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = ingest(query(name, FROM_SECONDS, "folded") + "&sampleRate=100&spyName=pyspy", "binary/octet-stream", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        // 42 samples at 100 Hz: 10 ms each.
        assertThat(stored("http-folded")).containsExactly("process_cpu:cpu:nanoseconds:cpu:nanoseconds folded-app 420000000");
        assertThat(labels("http-folded")).contains("\"region\": \"eu\"", "\"pyroscope_spy\": \"pyspy\"");
        Map<String, Long> before = rowCounts(database());
        assertThat(ingest(query(name, FROM_SECONDS, "folded") + "&sampleRate=100&spyName=pyspy", "binary/octet-stream", body)
                .statusCode()).isEqualTo(200);
        assertThat(rowCounts(database())).as("a retry is a duplicate").isEqualTo(before);
    }

    /** curl --data-binary sends this content type by default; the body is still the profile. */
    @Test
    void aFormContentTypeDoesNotHideTheBody() throws Exception {
        byte[] body = "main;work 5\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = ingest(query("form-app.cpu{env=http-form}", FROM_SECONDS, null) + "&sampleRate=100",
                "application/x-www-form-urlencoded", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(stored("http-form")).containsExactly("process_cpu:cpu:nanoseconds:cpu:nanoseconds form-app 50000000");
    }

    @Test
    void linesAndMemorySuffixesNameTheirProfileType() throws Exception {
        byte[] body = "main;alloc\nmain;alloc\nmain;other\n".getBytes(StandardCharsets.UTF_8);
        assertThat(ingest(query("lines-app.alloc_objects{env=http-lines}", FROM_SECONDS, "lines"), "text/plain", body).statusCode())
                .isEqualTo(200);
        assertThat(stored("http-lines")).containsExactly("memory:alloc_objects:count:space:bytes lines-app 3");
    }

    @Test
    void rawAndMultipartPprofAreStoredAsTheGrpcEdgeStoresThem() throws Exception {
        byte[] capture = Fixtures.bytes(SMALL_CAPTURE);
        assertThat(ingest(query("raw-app{env=http-raw}", FROM_SECONDS, "pprof"), "binary/octet-stream", capture).statusCode())
                .isEqualTo(200);
        String boundary = "b0undary";
        byte[] form = multipart(boundary, Map.of("profile", capture,
                "sample_type_config", "{\"samples\":{\"units\":\"samples\",\"display-name\":\"cpu\"}}".getBytes(StandardCharsets.UTF_8)));
        assertThat(ingest(query("multi-app{env=http-multipart}", FROM_SECONDS, null), "multipart/form-data; boundary=" + boundary, form)
                .statusCode()).isEqualTo(200);

        List<String> raw = stored("http-raw");
        assertThat(raw).isNotEmpty();
        assertThat(stored("http-multipart")).containsExactlyElementsOf(raw.stream().map(s -> s.replace("raw-app", "multi-app")).toList());
        assertThat(raw).allMatch(row -> row.startsWith("process_cpu:"));
    }

    @Test
    void connectPushInProtoAndJsonStoresEverySample() throws Exception {
        byte[] capture = Fixtures.bytes(SMALL_CAPTURE);
        PushRequest request = PushRequest.newBuilder().addSeries(RawProfileSeries.newBuilder()
                .addLabels(pair("__name__", "process_cpu")).addLabels(pair("__delta__", "false"))
                .addLabels(pair("service_name", "connect-app")).addLabels(pair("env", "http-connect-proto"))
                .addSamples(RawSample.newBuilder().setRawProfile(ByteString.copyFrom(capture)).setID("connect-1"))).build();
        HttpResponse<String> proto = connect("application/proto", null, request.toByteArray());
        assertThat(proto.statusCode()).as(proto.body()).isEqualTo(200);

        String json = "{\"series\":[{\"labels\":[{\"name\":\"service_name\",\"value\":\"connect-app\"},"
                + "{\"name\":\"env\",\"value\":\"http-connect-json\"}],\"samples\":[{\"rawProfile\":\""
                + Base64.getEncoder().encodeToString(capture) + "\",\"ID\":\"connect-2\"}]}]}";
        HttpResponse<String> viaJson = connect("application/json", "gzip", gzip(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(viaJson.statusCode()).as(viaJson.body()).isEqualTo(200);
        assertThat(viaJson.body()).isEqualTo("{}");

        List<String> protoRows = stored("http-connect-proto");
        assertThat(protoRows).isNotEmpty().isEqualTo(stored("http-connect-json"));
    }

    /** One hand-made heap pprof sent raw to /ingest and in both Connect encodings: the same exact totals each way. */
    @Test
    void aHandMadePprofHasExactTotalsOnEveryEdge() throws Exception {
        byte[] heap = HandMadePprof.heap(Map.of("main;a", new long[] {10, 1000, 2, 200}, "main;b", new long[] {5, 500, 1, 100}));
        List<String> expected = List.of(
                "memory:alloc_objects:count:space:bytes exact-app 15",
                "memory:alloc_space:bytes:space:bytes exact-app 1500",
                "memory:inuse_objects:count:space:bytes exact-app 3",
                "memory:inuse_space:bytes:space:bytes exact-app 300");
        assertThat(ingest(query("exact-app{env=http-exact-raw}", FROM_SECONDS, "pprof"), "binary/octet-stream", gzip(heap)).statusCode())
                .isEqualTo(200);
        assertThat(stored("http-exact-raw")).isEqualTo(expected);

        PushRequest request = PushRequest.newBuilder().addSeries(RawProfileSeries.newBuilder()
                .addLabels(pair("__name__", "memory")).addLabels(pair("service_name", "exact-app")).addLabels(pair("env", "http-exact-proto"))
                .addSamples(RawSample.newBuilder().setRawProfile(ByteString.copyFrom(heap)).setID("exact-1"))).build();
        assertThat(connect("application/proto", null, request.toByteArray()).statusCode()).isEqualTo(200);
        assertThat(stored("http-exact-proto")).isEqualTo(expected);

        String json = "{\"series\":[{\"labels\":[{\"name\":\"__name__\",\"value\":\"memory\"},{\"name\":\"service_name\",\"value\":\"exact-app\"},"
                + "{\"name\":\"env\",\"value\":\"http-exact-json\"}],\"samples\":[{\"rawProfile\":\""
                + Base64.getEncoder().encodeToString(heap) + "\",\"ID\":\"exact-2\"}]}]}";
        assertThat(connect("application/json", null, json.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(stored("http-exact-json")).isEqualTo(expected);
    }

    @Test
    void hostileRequestsAreRefusedWithTheirStatusAndWriteNothing() throws Exception {
        Map<String, Long> before = rowCounts(database());
        String pprof = query("hostile-app{env=http-hostile}", FROM_SECONDS, "pprof");

        assertRefused(ingest(pprof, "binary/octet-stream", "not a profile".getBytes(StandardCharsets.UTF_8)), 400, "profile 0");
        byte[] gz = Fixtures.bytes(SMALL_CAPTURE);
        assertRefused(ingest(pprof, "binary/octet-stream", java.util.Arrays.copyOf(gz, gz.length / 2)), 400, "truncated");
        assertRefused(ingest(pprof, "binary/octet-stream", gzipBomb(64)), 400, "decompress");
        assertRefused(ingest(query("bad name!{env=x}", FROM_SECONDS, "pprof"), "binary/octet-stream", gz), 400, "name:");
        assertRefused(ingest(query("app{env=x", FROM_SECONDS, "pprof"), "binary/octet-stream", gz), 400, "not closed");
        assertRefused(ingest(query("app.nosuchtype{env=x}", FROM_SECONDS, "folded"), "text/plain", "a;b 1".getBytes()), 400,
                "unknown profile type");
        assertRefused(ingest(query("app.cpu{env=x}", FROM_SECONDS, "folded"), "text/plain", "a;b many".getBytes()), 400, "line 1");
        assertRefused(ingest(query("app{env=x}", FROM_SECONDS, "trie"), "binary/octet-stream", gz), 400, "not supported");
        assertRefused(ingest(query("app{env=x}", FROM_SECONDS, "pprof"), "multipart/form-data; boundary=zzz", "--zzz--\r\n".getBytes()),
                400, "no parts");
        assertRefused(ingest("format=pprof&name=app&from=now-1h", "binary/octet-stream", gz), 400, "from: 'now-1h' is not a Unix time");
        assertRefused(connect("application/proto", null, "garbage".getBytes()), 400, "invalid_argument");
        assertRefused(connect("text/plain", null, "x".getBytes()), 400, "invalid_argument");
        assertRefused(connect("application/proto", "gzip", gzipBomb(64)), 400, "invalid_argument");
        assertRefused(connect("application/proto", "gzip", java.util.Arrays.copyOf(gzip(new byte[1000]), 20)), 400, "invalid_argument");
        // 10 MiB of labels in a Connect push: the body fits the size limit, the label does not fit the label rules.
        PushRequest hugeLabels = PushRequest.newBuilder().addSeries(RawProfileSeries.newBuilder()
                .addLabels(pair("service_name", "hostile-app")).addLabels(pair("env", "x".repeat(10 << 20)))
                .addSamples(RawSample.newBuilder().setRawProfile(ByteString.copyFrom(gz)))).build();
        assertRefused(connect("application/proto", "gzip", gzip(hugeLabels.toByteArray())), 400, "more than the limit of 1024");

        // 10 MiB of labels in the name: refused by the HTTP server before the body is read.
        StringBuilder labels = new StringBuilder("app{");
        while (labels.length() < 10 << 20) {
            labels.append("k").append(labels.length()).append("=v,");
        }
        int status = ingest(query(labels.append("z=1}").toString(), FROM_SECONDS, "pprof"), "binary/octet-stream", gz).statusCode();
        assertThat(status).isBetween(400, 431);

        assertThat(rowCounts(database())).isEqualTo(before);
        assertThat(ingest(query("after-app{env=http-after}", FROM_SECONDS, "pprof"), "binary/octet-stream", Fixtures.bytes(SMALL_CAPTURE))
                .statusCode()).as("the service still stores").isEqualTo(200);
    }

    @Test
    void sampleTypeConfigNamesMutexProfiles() throws Exception {
        // A contentions profile is named by its config's display names, whatever its frames suggest.
        byte[] mutex = Fixtures.bytes("block-1.pb.gz");
        String boundary = "cfg";
        byte[] config = "{\"contentions\":{\"display-name\":\"mutex_count\"},\"delay\":{\"display-name\":\"mutex_duration\"}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(ingest(query("cfg-app{env=http-config}", FROM_SECONDS, "pprof"), "multipart/form-data; boundary=" + boundary,
                multipart(boundary, Map.of("profile", mutex, "sample_type_config", config))).statusCode()).isEqualTo(200);
        assertThat(stored("http-config")).isNotEmpty().allMatch(row -> row.startsWith("mutex:"));
    }

    /** Go's heap config: alloc_* cumulative, inuse_* averaged. */
    private static final byte[] HEAP_CONFIG = ("{\"alloc_objects\":{\"units\":\"objects\",\"cumulative\":true},"
            + "\"alloc_space\":{\"units\":\"bytes\",\"cumulative\":true},"
            + "\"inuse_objects\":{\"units\":\"objects\",\"aggregation\":\"average\"},"
            + "\"inuse_space\":{\"units\":\"bytes\",\"aggregation\":\"average\"}}").getBytes(StandardCharsets.UTF_8);

    @Test
    void prevProfileTurnsCumulativeTypesIntoDeltasPerStack() throws Exception {
        // values: alloc_objects, alloc_space, inuse_objects, inuse_space
        byte[] current = HandMadePprof.heap(Map.of("main;a", new long[] {10, 1000, 2, 200}, "main;b", new long[] {5, 500, 1, 100}));
        byte[] previous = HandMadePprof.heap(Map.of("main;a", new long[] {4, 400, 9, 900}, "main;b", new long[] {5, 500, 0, 0}));
        assertThat(form("heap-app{env=http-delta}", Map.of("profile", current, "prev_profile", previous, "sample_type_config", HEAP_CONFIG))
                .statusCode()).isEqualTo(200);
        // alloc: a grew by 6 objects / 600 bytes, b not at all; inuse: the current profile's own values.
        assertThat(stored("http-delta")).containsExactly(
                "memory:alloc_objects:count:space:bytes heap-app 6",
                "memory:alloc_space:bytes:space:bytes heap-app 600",
                "memory:inuse_objects:count:space:bytes heap-app 3",
                "memory:inuse_space:bytes:space:bytes heap-app 300");
    }

    @Test
    void aCounterThatFellIsARestartAndTheProfileCountsAsItIs() throws Exception {
        byte[] current = HandMadePprof.heap(Map.of("main;a", new long[] {10, 1000, 2, 200}, "main;b", new long[] {5, 500, 1, 100}));
        byte[] previous = HandMadePprof.heap(Map.of("main;a", new long[] {20, 2000, 0, 0}));
        assertThat(form("heap-app{env=http-restart}", Map.of("profile", current, "prev_profile", previous, "sample_type_config", HEAP_CONFIG))
                .statusCode()).isEqualTo(200);
        assertThat(stored("http-restart")).containsExactly(
                "memory:alloc_objects:count:space:bytes heap-app 15",
                "memory:alloc_space:bytes:space:bytes heap-app 1500",
                "memory:inuse_objects:count:space:bytes heap-app 3",
                "memory:inuse_space:bytes:space:bytes heap-app 300");
    }

    @Test
    void cumulativeTypesWithoutAPrevProfileAreNotStored() throws Exception {
        byte[] current = HandMadePprof.heap(Map.of("main;a", new long[] {10, 1000, 2, 200}));
        assertThat(form("heap-app{env=http-first}", Map.of("profile", current, "sample_type_config", HEAP_CONFIG)).statusCode())
                .isEqualTo(200);
        assertThat(stored("http-first")).containsExactly(
                "memory:inuse_objects:count:space:bytes heap-app 2",
                "memory:inuse_space:bytes:space:bytes heap-app 200");
    }

    @Test
    void withoutAConfigAPrevProfileMakesEveryTypeADelta() throws Exception {
        byte[] current = HandMadePprof.heap(Map.of("main;a", new long[] {10, 1000, 2, 200}));
        byte[] previous = HandMadePprof.heap(Map.of("main;a", new long[] {7, 700, 2, 150}));
        assertThat(form("heap-app{env=http-noconfig}", Map.of("profile", current, "prev_profile", previous)).statusCode()).isEqualTo(200);
        assertThat(stored("http-noconfig")).containsExactly(
                "memory:alloc_objects:count:space:bytes heap-app 3",
                "memory:alloc_space:bytes:space:bytes heap-app 300",
                "memory:inuse_objects:count:space:bytes heap-app 0",
                "memory:inuse_space:bytes:space:bytes heap-app 50");
    }

    @Test
    void configUnitsFillOnlyAnEmptyUnit() throws Exception {
        byte[] current = HandMadePprof.withUnits(Map.of("main;a", new long[] {10, 1000, 2, 200}), "", "", "count", "bytes");
        assertThat(form("heap-app{env=http-units}", Map.of("profile", current, "sample_type_config",
                "{\"alloc_objects\":{\"units\":\"objects\"},\"alloc_space\":{\"units\":\"bytes\"},\"inuse_space\":{\"units\":\"kilobytes\"}}"
                        .getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(200);
        assertThat(stored("http-units")).containsExactly(
                "memory:alloc_objects:objects:space:bytes heap-app 10",
                "memory:alloc_space:bytes:space:bytes heap-app 1000",
                "memory:inuse_objects:count:space:bytes heap-app 2",
                "memory:inuse_space:bytes:space:bytes heap-app 200");
    }

    @Test
    void badPrevProfilesAndConfigsAreRefusedAndWriteNothing() throws Exception {
        Map<String, Long> before = rowCounts(database());
        byte[] heap = HandMadePprof.heap(Map.of("main;a", new long[] {10, 1000, 2, 200}));
        assertRefused(form("heap-app{env=http-badprev}", Map.of("profile", heap, "prev_profile", Fixtures.bytes("block-1.pb.gz"))), 400,
                "'prev_profile' has cumulative sample types [contentions/count, delay/nanoseconds] but 'profile' has [alloc_objects/count");
        assertRefused(form("heap-app{env=http-badprev}", Map.of("profile", heap, "prev_profile", "junk".getBytes(StandardCharsets.UTF_8))),
                400, "'prev_profile'");
        assertRefused(form("heap-app{env=http-badprev}", Map.of("profile", heap, "sample_type_config",
                "{\"alloc_space\":{\"aggregation\":\"median\"}}".getBytes(StandardCharsets.UTF_8))), 400,
                "sample type 'alloc_space' has aggregation 'median'; expected \"sum\" or \"average\"");
        assertRefused(form("heap-app{env=http-badprev}", Map.of("profile", heap, "sample_type_config",
                "{\"alloc_space\":{\"cumulative\":\"yes\"}}".getBytes(StandardCharsets.UTF_8))), 400,
                "field 'cumulative' must be true or false");
        assertThat(rowCounts(database())).isEqualTo(before);
    }

    @Test
    void aConnectBodyOverTheLimitIsInvalidArgumentNotRetryable() throws Exception {
        Map<String, Long> before = rowCounts(database());
        HttpResponse<String> response = connect("application/proto", null, new byte[(16 << 20) + 1]);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(response.body()).isEqualTo("{\"code\":\"invalid_argument\",\"message\":\"the request body is 16777217 bytes, "
                + "more than the limit of 16777216 bytes\"}");
        assertThat(rowCounts(database())).isEqualTo(before);
    }

    private HttpResponse<String> form(String name, Map<String, byte[]> parts) throws Exception {
        return ingest(query(name, FROM_SECONDS, "pprof"), "multipart/form-data; boundary=hm", multipart("hm", parts));
    }

    @Test
    void hostileJfrIsRefusedAndWritesNothing() throws Exception {
        Map<String, Long> before = rowCounts(database());
        byte[] body = resource("pyroscope-java/cpu-alloc-lock-1.body");
        String json = new String(resource("pyroscope-java/cpu-alloc-lock-1.json"), StandardCharsets.UTF_8);
        String contentType = json.replaceAll("(?s).*\"Content-Type\": \"([^\"]+)\".*", "$1");
        byte[] recording = dev.pyrometer.profile.pprof.BoundedGunzip.inflate(
                dev.pyrometer.ingest.http.MultipartForm.parse(contentType, body).get("jfr"), 64 << 20);
        String jfr = query("jfr-app{env=http-jfr}", FROM_SECONDS, "jfr");

        assertRefused(ingest(jfr, "binary/octet-stream", java.util.Arrays.copyOf(recording, recording.length / 2)), 400, "jfr: ");
        byte[] unknownChunk = recording.clone();
        unknownChunk[0] = 'X';
        assertRefused(ingest(jfr, "binary/octet-stream", unknownChunk), 400, "jfr: ");
        assertRefused(ingest(jfr, "multipart/form-data; boundary=q", multipart("q", Map.of("labels", new byte[] {1}))), 400,
                "no 'jfr' field");
        assertThat(rowCounts(database())).isEqualTo(before);
    }

    @Test
    void aChunkedBodyIsCutAtTheLimitWith413() throws Exception {
        Map<String, Long> before = rowCounts(database());
        byte[] huge = new byte[(16 << 20) + 1];
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ingest?"
                        + query("big-app{env=x}", FROM_SECONDS, "pprof")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(response, 413, "more than 16777216 bytes");
        assertThat(rowCounts(database())).isEqualTo(before);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
        Map<String, Long> before = rowCounts(database());
        byte[] huge = new byte[(16 << 20) + 1];
        HttpResponse<String> response = ingest(query("big-app{env=x}", FROM_SECONDS, "pprof"), "binary/octet-stream", huge);
        assertRefused(response, 413, "more than the limit");
        assertThat(rowCounts(database())).isEqualTo(before);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(message);
    }

    private static String query(String name, long fromSeconds, String format) {
        String query = "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "&from=" + fromSeconds + "&until=" + (fromSeconds + 10);
        return format == null ? query : query + "&format=" + format;
    }

    private HttpResponse<String> ingest(String query, String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ingest?" + query))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> connect(String contentType, String contentEncoding, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/push.v1.PusherService/Push"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentEncoding != null) {
            request.header("Content-Encoding", contentEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static byte[] multipart(String boundary, Map<String, byte[]> parts) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> part : parts.entrySet()) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.getKey() + "\"; filename=\""
                    + part.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(part.getValue());
            out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] resource(String name) throws java.io.IOException {
        try (java.io.InputStream in = HttpEdgesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static LabelPair pair(String name, String value) {
        return LabelPair.newBuilder().setName(name).setValue(value).build();
    }

    /** "profile_type service_name total" of every stored profile whose series has env={@code env}, sorted. */
    private static List<String> stored(String env) throws Exception {
        return rows("SELECT s.profile_type || ' ' || s.service_name || ' ' || p.total FROM " + RawRows.all() + " p JOIN series s ON s.id = p.series_id "
                + "WHERE s.labels->>'env' = '" + env + "' ORDER BY 1");
    }

    private static String labels(String env) throws Exception {
        return String.join(" ", rows("SELECT labels::text FROM series WHERE labels->>'env' = '" + env + "'"));
    }

    private static List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database().getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}

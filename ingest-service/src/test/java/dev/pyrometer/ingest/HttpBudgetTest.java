package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.IngestProcess;
import dev.pyrometer.ingest.support.IngestTestKit;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.storage.testing.KillablePostgres;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP bodies count against the inbound budget: a chunked upload reserves the largest body before a
 * byte of it is read, so with a budget of one largest body (1 MiB), a second upload while the first
 * is still arriving is refused at once with 429 and Retry-After, and uploads are taken again once
 * the first is done. Runs its own ingest-service, whose budget gauges the test reads.
 */
class HttpBudgetTest {
    private static final long BUDGET = 1 << 20;
    private static final String QUERY = "/ingest?format=pprof&from=" + IngestTestKit.recentNanos() / 1_000_000_000L
            + "&name=" + URLEncoder.encode("budget-app{env=http-budget}", StandardCharsets.UTF_8);

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aSecondUploadWhileTheFirstHoldsTheWholeBudgetIs429() throws Exception {
        byte[] capture = Fixtures.bytes(IngestTestKit.SMALL_CAPTURE);
        try (KillablePostgres postgres = KillablePostgres.start();
             IngestProcess ingest = IngestProcess.start("http-budget", Map.of(
                     "PYROMETER_JDBC_URL", postgres.jdbcUrl(),
                     "PYROMETER_GRPC_MAX_MESSAGE_BYTES", Long.toString(BUDGET),
                     "PYROMETER_GRPC_INBOUND_BUDGET_BYTES", Long.toString(BUDGET)), "-Xmx256m");
             Socket first = new Socket("127.0.0.1", ingest.httpPort())) {
            // A chunked upload that sends its headers and first chunk, then waits: the server holds the budget meanwhile.
            OutputStream out = first.getOutputStream();
            out.write(("POST " + QUERY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            chunk(out, capture, 0, 1);
            IngestTestKit.await("the first upload holds the budget",
                    () -> ingest.metric("pyrometer_ingest_inbound_bytes") == BUDGET);

            HttpResponse<String> second = post(ingest, capture);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(second.body()).contains("bytes of pushes at once, its limit");

            chunk(out, capture, 1, capture.length - 1);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).isEqualTo("HTTP/1.1 200 ");

            IngestTestKit.await("the budget is returned", () -> ingest.metric("pyrometer_ingest_inbound_bytes") == 0);
            assertThat(post(ingest, capture).statusCode()).isEqualTo(200);
            assertThat(ingest.metric("pyrometer_ingest_inbound_bytes_peak_bytes")).isEqualTo((double) BUDGET);
        }
    }

    private static void chunk(OutputStream out, byte[] data, int offset, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data, offset, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private HttpResponse<String> post(IngestProcess ingest, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingest.httpPort() + QUERY))
                .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

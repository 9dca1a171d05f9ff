package dev.pyrometer.ingest;

import dev.pyrometer.ingest.inbound.InboundBudget;
import dev.pyrometer.ingest.support.IngestTestKit;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP bodies count against the inbound budget: a chunked upload reserves the largest body before a
 * byte of it is read, so with a budget of one largest body, a second upload while the first is
 * still arriving is refused at once with 429 and Retry-After, and is taken once the first is done.
 */
@SpringBootTest(classes = dev.pyrometer.ingest.IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "pyrometer.grpc.port=0",
                "server.port=0",
                "management.server.port=0",
                "pyrometer.storage.rollup-interval=1h",
                "pyrometer.grpc.max-message-bytes=1048576",
                "pyrometer.grpc.inbound-budget-bytes=1048576"})
class HttpBudgetTest {
    private static final String QUERY = "/ingest?format=pprof&from=" + IngestTestKit.recentNanos() / 1_000_000_000L
            + "&name=" + URLEncoder.encode("budget-app{env=http-budget}", StandardCharsets.UTF_8);

    @Autowired
    private InboundBudget budget;

    @LocalServerPort
    private int httpPort;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("pyrometer.database.url", () -> TestDatabase.create().getJdbcUrl());
    }

    @Test
    void aSecondUploadWhileTheFirstHoldsTheWholeBudgetIs429() throws Exception {
        byte[] capture = Fixtures.bytes(IngestTestKit.SMALL_CAPTURE);
        try (Socket first = new Socket("127.0.0.1", httpPort)) {
            // A chunked upload that sends its headers and first chunk, then waits: the server holds the budget meanwhile.
            OutputStream out = first.getOutputStream();
            out.write(("POST " + QUERY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            chunk(out, capture, 0, 1);
            IngestTestKit.await("the first upload holds the budget", () -> budget.reserved() == budget.budgetBytes());

            HttpResponse<String> second = post(capture);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(second.body()).contains("bytes of pushes at once, its limit");

            chunk(out, capture, 1, capture.length - 1);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertThat(status).isEqualTo("HTTP/1.1 200 ");
        }
        IngestTestKit.await("the budget is returned", () -> budget.reserved() == 0);
        assertThat(post(capture).statusCode()).isEqualTo(200);
        assertThat(budget.peak()).isEqualTo(budget.budgetBytes());
    }

    private static void chunk(OutputStream out, byte[] data, int offset, int length) throws IOException {
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data, offset, length);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url())).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url() {
        return "http://127.0.0.1:" + httpPort + QUERY;
    }
}

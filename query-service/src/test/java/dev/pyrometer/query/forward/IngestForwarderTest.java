package dev.pyrometer.query.forward;

import com.sun.net.httpserver.HttpServer;
import dev.pyrometer.query.QueryApplication;
import dev.pyrometer.query.support.QueryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push edges on query-service's port reach a real HTTP server standing in for ingest-service's edge: the
 * request arrives whole with its query string and headers, the answer comes back whole, an oversized body reaches
 * nothing, and an unreachable upstream is a 502.
 */
@SpringBootTest(classes = QueryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.port=0", "server.address=127.0.0.1", "management.server.port=0", "management.server.address=127.0.0.1",
        "pyrometer.query.ingest.max-body-bytes=1024"})
class IngestForwarderTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpServer UPSTREAM = upstream();
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** What the upstream answers next: status, content type, Retry-After (or null), body. */
    private static final AtomicReference<String[]> ANSWER = new AtomicReference<>();

    record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst()
                    .orElse(null);
        }
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pyrometer.database.url", () -> QueryFixture.database().getJdbcUrl());
        registry.add("pyrometer.query.ingest.url", () -> "http://127.0.0.1:" + UPSTREAM.getAddress().getPort());
    }

    private static HttpServer upstream() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                try {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    RECEIVED.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                            Map.copyOf(exchange.getRequestHeaders()), body));
                    String[] answer = ANSWER.get();
                    exchange.getResponseHeaders().add("Content-Type", answer[1]);
                    if (answer[2] != null) {
                        exchange.getResponseHeaders().add("Retry-After", answer[2]);
                    }
                    byte[] reply = answer[3].getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(Integer.parseInt(answer[0]), reply.length == 0 ? -1 : reply.length);
                    exchange.getResponseBody().write(reply);
                } catch (IOException e) {
                    // a body cut off by the forwarder: nothing is recorded
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        UPSTREAM.stop(0);
    }

    @BeforeEach
    void reset() {
        RECEIVED.clear();
        ANSWER.set(new String[] {"200", "text/plain", null, ""});
    }

    @Test
    void anIngestRequestArrivesWholeWithItsQueryStringAndHeaders() throws Exception {
        String query = "name=app.cpu%7Benv%3Dprod%7D&from=1764064800&until=1764064810&format=pprof&sampleRate=100&spyName=gospy";
        byte[] body = "--X\r\nContent-Disposition: form-data; name=\"profile\"\r\n\r\nabc\r\n--X--\r\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest?" + query))
                .header("Content-Type", "multipart/form-data; boundary=X").header("Content-Encoding", "identity")
                .header("X-Scope-OrgID", "acme").header("Authorization", "Bearer t0ken").header("X-Other", "dropped")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(RECEIVED).hasSize(1);
        Received received = RECEIVED.get(0);
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.uri()).isEqualTo("/ingest?" + query);
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.header("Content-Type")).isEqualTo("multipart/form-data; boundary=X");
        assertThat(received.header("Content-Encoding")).isEqualTo("identity");
        assertThat(received.header("Content-Length")).isEqualTo(Integer.toString(body.length));
        assertThat(received.header("X-Scope-OrgID")).isEqualTo("acme");
        assertThat(received.header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(received.header("X-Other")).isNull();
    }

    @Test
    void theUpstreamsRefusalComesBackWithItsRetryAfter() throws Exception {
        ANSWER.set(new String[] {"429", "application/json", "7", "{\"error\":\"the write queue is full; retry\"}"});
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/push.v1.PusherService/Push"))
                .header("Content-Type", "application/proto").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {10, 0})).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("7");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.body()).isEqualTo("{\"error\":\"the write queue is full; retry\"}");
        assertThat(RECEIVED).singleElement().satisfies(received -> {
            assertThat(received.uri()).isEqualTo("/push.v1.PusherService/Push");
            assertThat(received.body()).containsExactly(10, 0);
        });
    }

    @Test
    void aBodyOverTheLimitIs413OrInvalidArgumentAndReachesNothing() throws Exception {
        byte[] big = new byte[1025];
        HttpResponse<String> declared = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ingest?name=a"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).isEqualTo("{\"error\":\"the request body is larger than 1024 bytes (PYROMETER_QUERY_INGEST_MAX_BODY_BYTES)\"}");

        // chunked: no Content-Length, so the limit is found while streaming
        HttpResponse<String> streamed = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/push.v1.PusherService/Push"))
                .header("Content-Type", "application/proto")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> (InputStream) new ByteArrayInputStream(new byte[64 * 1024]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).isEqualTo(400);
        assertThat(streamed.body()).startsWith("{\"code\":\"invalid_argument\",\"message\":\"the request body is larger than 1024 bytes");
        assertThat(RECEIVED).as("no request reached ingest-service whole").isEmpty();
    }

    @Test
    void anUnreachableIngestServiceIs502() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        IngestForwarder forwarder = new IngestForwarder(new ForwardProperties(URI.create("http://127.0.0.1:" + closed), 1024,
                java.time.Duration.ofSeconds(2)));
        org.springframework.mock.web.MockHttpServletRequest request = new org.springframework.mock.web.MockHttpServletRequest("POST", "/ingest");
        request.setContent(new byte[] {1, 2, 3});
        var answer = forwarder.forward(request);
        assertThat(answer.getStatusCode().value()).isEqualTo(502);
        assertThat(new String(answer.getBody(), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"ingest-service at http://127.0.0.1:" + closed + " cannot be reached (ConnectException); retry\"}");
    }
}

package dev.pyrometer.query.support;

import dev.pyrometer.query.QueryApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole query-service, started once for every test class that extends this one (one configuration, so
 * Spring's test context cache shares it), on random API and management ports, reading the database
 * {@link QueryFixture} seeded. Tests call it over loopback HTTP like any client.
 */
@SpringBootTest(classes = QueryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.port=0",
        "server.address=127.0.0.1",
        "management.server.port=0",
        "management.server.address=127.0.0.1"})
public abstract class RunningQueryService {
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    protected int port;

    @LocalManagementPort
    protected int managementPort;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("pyrometer.database.url", () -> QueryFixture.database().getJdbcUrl());
    }

    /** An answer: status, content type, headers and body. */
    public record Answer(int status, String contentType, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(text());
        }
    }

    /** {@code http://127.0.0.1:PORT/api/v1/PATH?name=value&...}, every value URL-encoded. */
    protected String url(String path, Object... namesAndValues) {
        return "http://127.0.0.1:" + port + "/api/v1/" + path + query(namesAndValues);
    }

    protected static String query(Object... namesAndValues) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            pairs.add(namesAndValues[i] + "=" + URLEncoder.encode(String.valueOf(namesAndValues[i + 1]), StandardCharsets.UTF_8));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    protected static Answer get(String url, Map<String, String> headers) {
        return send("GET", url, headers, null);
    }

    /** {@code METHOD url} with the headers and, when not null, a JSON body. */
    protected static Answer send(String method, String url, Map<String, String> headers, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.headers().map(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    protected static Answer get(String url) {
        return get(url, Map.of());
    }

    /** GET that must answer 200 with JSON. */
    protected static JsonNode ok(String url) {
        Answer answer = get(url);
        assertThat(answer.status()).as("GET %s: %s", url, answer.text()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/json");
        return answer.json();
    }

    /** The message of an error answer, whose body must be exactly {@code {"error": "..."}} in JSON. */
    protected static String onlyError(String contentType, String body) {
        assertThat(contentType).as("content type of %s", body).startsWith("application/json");
        JsonNode json = JSON.readTree(body);
        assertThat(json.propertyNames()).as(body).containsExactly("error");
        return json.get("error").asString();
    }

    /** RFC 3339 text of an instant, as clients send it. */
    protected static String t(Instant instant) {
        return instant.toString();
    }

    /** A selector for one service. */
    protected static String service(String name) {
        return "{service_name=\"" + name + "\"}";
    }
}

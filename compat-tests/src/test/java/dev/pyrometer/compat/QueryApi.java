package dev.pyrometer.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The few calls of query-service's REST API ({@code /api/v1}, docs/api.md) these tests read, over the last 15 minutes. */
final class QueryApi {
    private static final String WINDOW = "&from=now-15m&to=now";

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    QueryApi(String queryUrl) {
        this.base = queryUrl + "/api/v1";
    }

    /** The profile types with data for the service, sorted. */
    List<String> profileTypes(String service) throws IOException, InterruptedException {
        return texts(get("/catalog/profile-types?query=" + encode(selector(service)) + WINDOW).path("profileTypes"));
    }

    /** The names of the services with data. */
    List<String> services() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (JsonNode service : get("/catalog/services?" + WINDOW.substring(1)).path("services")) {
            names.add(service.path("name").asText());
        }
        return names;
    }

    /** The values of one label among the service's series. */
    List<String> labelValues(String service, String label) throws IOException, InterruptedException {
        return texts(get("/catalog/label-values?name=" + encode(label) + "&query=" + encode(selector(service)) + WINDOW).path("values"));
    }

    /** The functions of the top table by flat, first {@code limit} rows. */
    List<String> topFunctions(String service, String profileType, int limit) throws IOException, InterruptedException {
        JsonNode top = get("/top?profileType=" + encode(profileType) + "&query=" + encode(selector(service)) + "&limit=" + limit + WINDOW);
        List<String> functions = new ArrayList<>();
        for (JsonNode row : top.path("rows")) {
            functions.add(row.path("function").asText());
        }
        return functions;
    }

    /** The flame graph's root total over [from, to) (RFC 3339 times), as /api/v1/flamegraph gives it. */
    long flameGraphTotal(String service, String profileType, String from, String to) throws IOException, InterruptedException {
        return get("/flamegraph?profileType=" + encode(profileType) + "&query=" + encode(selector(service)) + "&from=" + encode(from)
                + "&to=" + encode(to)).path("flamebearer").path("numTicks").asLong();
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    static String selector(String service) {
        return "{service_name=\"" + service + "\"}";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}

package dev.pyrometer.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls Grafana's Pyroscope data source makes, in Connect's JSON encoding, on query-service's
 * {@code querier.v1.QuerierService} (docs/api.md, "Pyroscope-compatible query API"). Times are ms since the epoch.
 */
final class GrafanaCalls {
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    GrafanaCalls(String queryUrl) {
        this.base = queryUrl + "/querier.v1.QuerierService/";
    }

    /** ProfileTypes: the ids of the types with data in the window. */
    List<String> profileTypes(long startMs, long endMs) throws IOException, InterruptedException {
        JsonNode answer = call("ProfileTypes", json.createObjectNode().put("start", startMs).put("end", endMs));
        List<String> ids = new ArrayList<>();
        answer.path("profileTypes").forEach(type -> ids.add(type.path("ID").asText()));
        return ids;
    }

    /** LabelValues of one label over every series in the window. */
    List<String> labelValues(String label, long startMs, long endMs) throws IOException, InterruptedException {
        JsonNode answer = call("LabelValues", json.createObjectNode().put("name", label).put("start", startMs).put("end", endMs));
        List<String> values = new ArrayList<>();
        answer.path("names").forEach(value -> values.add(value.asText()));
        return values;
    }

    /** SelectMergeStacktraces: the merged flame graph's total (int64, a string in Connect's JSON). */
    long flameGraphTotal(String profileType, String selector, long startMs, long endMs) throws IOException, InterruptedException {
        ObjectNode request = json.createObjectNode().put("profileTypeID", profileType).put("labelSelector", selector)
                .put("start", startMs).put("end", endMs).put("maxNodes", 1024);
        return call("SelectMergeStacktraces", request).path("flamegraph").path("total").asLong();
    }

    private JsonNode call(String method, ObjectNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + method)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Connect-Protocol-Version", "1")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("POST " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}

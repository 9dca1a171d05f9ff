package dev.pyrometer.compat.replica;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** query-service's management port as an operator reads it: {@code /actuator/health} and {@code /actuator/prometheus}. */
public final class QueryManagement {
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    public QueryManagement(String managementUrl) {
        this.base = managementUrl;
    }

    /** The health component {@code replica} ({@code status} and {@code details}); the overall answer may be 200 or 503. */
    public JsonNode replicaHealth() throws IOException, InterruptedException {
        return json.readTree(get("/actuator/health").body()).path("components").path("replica");
    }

    /** The sample of {@code name} whose labels include {@code labels}; fails when there is none. */
    public double metric(String name, Map<String, String> labels) throws IOException, InterruptedException {
        String text = get("/actuator/prometheus").body();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            String key = line.substring(0, line.lastIndexOf(' '));
            if (labels.entrySet().stream().allMatch(label -> key.contains(label.getKey() + "=\"" + label.getValue() + "\""))) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no sample " + name + " " + labels + " in /actuator/prometheus");
    }

    /** Connections taken for profile reads so far: {@code [primary, replica]}. */
    public long[] reads() throws IOException, InterruptedException {
        return new long[] {Math.round(metric("pyrometer_query_reads_total", Map.of("database", "primary"))),
                Math.round(metric("pyrometer_query_reads_total", Map.of("database", "replica")))};
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.RunningIngestService;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.storage.dictionary.Dictionary;
import dev.pyrometer.storage.write.ProfileWriter;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.pyrometer.ingest.support.IngestTestKit.SMALL_CAPTURE;
import static dev.pyrometer.ingest.support.IngestTestKit.expectedSeries;
import static dev.pyrometer.ingest.support.IngestTestKit.failsWith;
import static dev.pyrometer.ingest.support.IngestTestKit.push;
import static dev.pyrometer.ingest.support.IngestTestKit.stub;
import static dev.pyrometer.ingest.support.IngestTestKit.validProfile;
import static dev.pyrometer.ingest.support.IngestTestKit.withPprof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What operators see: Prometheus metrics, readiness, the gRPC health service, and where management listens. */
class MetricsAndHealthTest extends RunningIngestService {
    private static final String APP = "application=\"ingest-service\"";
    private static final LabelSet SERIES_LABELS = LabelSet.of(Map.of("service_name", Fixtures.SERVICE, "env", "metrics"));
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)(?: \\S+)?$");

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    private ProfileWriter writer;
    @Autowired
    private Environment environment;

    @Test
    void prometheusCountsEveryPushedProfileByOutcome() throws Exception {
        Map<String, Double> before = scrape();
        RawProfile first = validProfile("metrics-1", "metrics");
        RawProfile second = validProfile("metrics-2", "metrics");
        RawProfile notPprof = withPprof("metrics-not-pprof", new byte[] {'n', 'o', 'p', 'e'});

        assertThat(stub(channel, null).push(push(first, second)).getResultsList()).extracting(ProfileResult::getOutcome)
                .containsExactly(Outcome.OUTCOME_ACCEPTED, Outcome.OUTCOME_ACCEPTED);
        assertThat(stub(channel, null).push(push(first, second)).getResultsList()).extracting(ProfileResult::getOutcome)
                .containsExactly(Outcome.OUTCOME_DUPLICATE, Outcome.OUTCOME_DUPLICATE);
        failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(channel, null).push(push(notPprof)));
        failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(channel, null).push(push(validProfile("metrics-3", "metrics"), notPprof)));
        Map<String, Double> after = scrape();

        assertThat(delta(before, after, "pyrometer_ingest_profiles_received_total{" + APP + "}")).isEqualTo(7);
        assertThat(delta(before, after, "pyrometer_ingest_profiles_accepted_total{" + APP + "}")).isEqualTo(2);
        assertThat(delta(before, after, "pyrometer_ingest_profiles_duplicate_total{" + APP + "}")).isEqualTo(2);
        assertThat(delta(before, after, "pyrometer_ingest_profiles_rejected_total{" + APP + ",reason=\"not_pprof\"}")).isEqualTo(2);
        assertThat(delta(before, after, "pyrometer_ingest_profiles_rejected_total{" + APP + ",reason=\"batch_rejected\"}")).isEqualTo(1);
        // Stacks stored: the two new uploads, each split into its cpu and samples series.
        int stacksPerUpload = expectedSeries(SMALL_CAPTURE, SERIES_LABELS, "", first.getStartTimeUnixNanos()).stream()
                .mapToInt(SeriesProfile::stackCount).sum();
        assertThat(delta(before, after, "pyrometer_ingest_samples_total{" + APP + "}")).isEqualTo(2 * stacksPerUpload);
        // Payload bytes as sent, one observation per push that carried profiles.
        long size = Fixtures.bytes(SMALL_CAPTURE).length;
        assertThat(delta(before, after, "pyrometer_ingest_bytes_count{" + APP + "}")).isEqualTo(4);
        assertThat(delta(before, after, "pyrometer_ingest_bytes_sum{" + APP + "}")).isEqualTo(2 * size + 2 * size + 4 + (size + 4));
        // Each of the two valid pushes was one transaction (sequential pushes never share a batch).
        assertThat(delta(before, after, "pyrometer_ingest_batch_write_seconds_count{" + APP + ",outcome=\"ok\"}")).isEqualTo(2);
        assertThat(delta(before, after, "pyrometer_ingest_batch_write_seconds_count{" + APP + ",outcome=\"failed\"}")).isZero();
        assertThat(delta(before, after, "pyrometer_ingest_batch_write_seconds_sum{" + APP + ",outcome=\"ok\"}")).isPositive();

        // Idle now: nothing waits for a writer.
        assertThat(after.get("pyrometer_ingest_queue_depth{" + APP + "}")).isEqualTo(0.0);
        // The ratio is the writer's own dictionary counts; the repeated push was answered from the caches.
        assertThat(after.get("pyrometer_storage_dictionary_cache_hit_ratio{" + APP + "}")).isEqualTo(hitRatio()).isPositive();
    }

    @Test
    void readinessAndLivenessAreUp() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        HttpResponse<String> liveness = get("/actuator/health/liveness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void grpcHealthSaysServingForTheServerAndTheIngestService() {
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);

        assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(health.check(HealthCheckRequest.newBuilder().setService("pyrometer.ingest.v1.IngestService").build()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(failsWith(Status.Code.NOT_FOUND,
                () -> health.check(HealthCheckRequest.newBuilder().setService("no.such.Service").build()))).isNotEmpty();
    }

    /** Management endpoints are internals: by default only loopback reaches them. */
    @Test
    void managementListensOnLoopbackOnlyByDefault() throws Exception {
        assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
        assertThat(managementPort).isNotEqualTo(httpPort);

        Optional<InetAddress> external = nonLoopbackAddress();
        if (external.isPresent()) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(external.get(), managementPort), 5_000);
                }
            }).as("management port reachable on %s", external.get()).isInstanceOf(ConnectException.class);
        }
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    }

    /** The public HTTP port carries the push edges only, never the management endpoints. */
    @Test
    void publicHttpPortDoesNotServeManagement() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
    }

    private double hitRatio() {
        long hits = 0;
        long misses = 0;
        for (Dictionary<?> dictionary : writer.symbols().dictionaries()) {
            hits += dictionary.cacheHits();
            misses += dictionary.cacheMisses();
        }
        return (double) hits / (hits + misses);
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertThat(after).as("scrape has %s", sample).containsKey(sample);
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }

    /** The Prometheus text exposition, as sample name with labels → value. */
    private Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as("exposition line '%s'", line).isTrue();
            samples.put(sample.group(1), Double.parseDouble(sample.group(2)));
        }
        return samples;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface network : List.copyOf(NetworkInterface.networkInterfaces().toList())) {
            if (network.isUp() && !network.isLoopback()) {
                Optional<InetAddress> address = network.inetAddresses().filter(Inet4Address.class::isInstance).findFirst();
                if (address.isPresent()) {
                    return address;
                }
            }
        }
        return Optional.empty();
    }
}

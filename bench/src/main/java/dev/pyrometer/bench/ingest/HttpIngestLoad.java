package dev.pyrometer.bench.ingest;

import dev.pyrometer.bench.common.Args;
import dev.pyrometer.bench.common.Clients;
import dev.pyrometer.bench.common.Latencies;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for Pyroscope's HTTP {@code POST /ingest} on ingest-service's HTTP port (or query-service's
 * forwarder): {@code clients} threads send uploads back to back, one profile per request, for a fleet of
 * {@code services} × {@code pods} pods whose clocks advance 10 s per round. {@code --format=pprof} sends
 * the Go captures as Pyroscope's Go SDK does (raw gzipped pprof, six kinds per round); {@code --format=jfr}
 * replays a JFR upload captured from Grafana's Java agent ({@code --jfr-capture}). After a warm-up it
 * measures for {@code duration} and prints profiles/s, body MB/s, latency p50/p99 and the answers by
 * status. It asserts nothing.
 *
 * <pre>java -cp bench.jar dev.pyrometer.bench.ingest.HttpIngestLoad --target=http://127.0.0.1:4140 --format=jfr \
 *     --clients=8 --duration=60s --warmup=15s --services=20 --pods=50 \
 *     --jfr-capture=classpath:pyroscope-java/cpu-alloc-lock-2.json</pre>
 */
public final class HttpIngestLoad {
    private static final long ROUND_SECONDS = 10;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI ingest;
    private final String tenant;
    /** The Authorization header's value for an API token, or null to send none. */
    private final String authorization;
    private final String format;
    private final FleetProfiles fleet;
    private final PyroscopeRequests.Body jfr;
    private final int services;
    private final long baseSeconds;
    private final long[] roundOfPod;
    private final AtomicLong nextUpload = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private HttpIngestLoad(String target, String tenant, String token, String format, FleetProfiles fleet, PyroscopeRequests.Body jfr, int services,
                           int pods, Instant base) {
        this.ingest = URI.create(target.replaceFirst("/$", "") + "/ingest");
        this.tenant = tenant;
        this.authorization = token.isEmpty() ? null : "Bearer " + token;
        this.format = format;
        this.fleet = fleet;
        this.jfr = jfr;
        this.services = services;
        this.baseSeconds = base.getEpochSecond();
        this.roundOfPod = new long[services * pods];
    }

    /** Counters of one phase. */
    private static final class Phase {
        final Latencies latencies = new Latencies();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong bodyBytes = new AtomicLong();
        /** pprof samples in accepted uploads (pprof format only). */
        final AtomicLong samples = new AtomicLong();
        final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String target = args.string("target", "http://127.0.0.1:4140");
        String format = args.string("format", "pprof");
        int clients = args.integer("clients", 8);
        int services = args.integer("services", 20);
        int pods = args.integer("pods", 50);
        Duration warmup = args.duration("warmup", Duration.ofSeconds(15));
        Duration duration = args.duration("duration", Duration.ofSeconds(60));
        String tenant = args.string("tenant", "bench");
        String token = args.string("token", "");
        String capture = args.string("jfr-capture", "classpath:pyroscope-java/cpu-alloc-lock-2.json");
        if (!format.equals("pprof") && !format.equals("jfr")) {
            throw new IllegalArgumentException("--format is pprof or jfr, got " + format);
        }

        FleetProfiles fleet = null;
        PyroscopeRequests.Body jfr = null;
        if (format.equals("pprof")) {
            System.out.printf("Building fleet profiles for %d services x %d pods from the Go captures...%n", services, pods);
            fleet = new FleetProfiles(services, 4, 42);
        } else {
            jfr = PyroscopeRequests.captured(capture);
            System.out.printf("Replaying the Java agent's JFR upload %s (%d bytes, %s)%n", capture, jfr.bytes().length, jfr.contentType());
        }
        HttpIngestLoad load = new HttpIngestLoad(target, tenant, token, format, fleet, jfr, services, pods, Instant.now().minus(Duration.ofMinutes(30)));

        System.out.printf("Warm-up %ds with %d clients against %s...%n", warmup.toSeconds(), clients, load.ingest);
        load.run(clients, warmup);
        System.out.printf("Measuring %ds with %d clients...%n", duration.toSeconds(), clients);
        Phase measured = load.run(clients, duration);

        double seconds = duration.toNanos() / 1e9;
        System.out.println();
        System.out.printf("== /ingest figures (%s) ==%n", format);
        System.out.printf("requests: %d, by status: %s%n", measured.latencies.count(), measured.statuses);
        System.out.printf("profiles/s (uploads answered 200): %.0f%n", measured.accepted.get() / seconds);
        System.out.printf("body MB/s (accepted uploads as sent): %.2f, mean body %.0f bytes%n", measured.bodyBytes.get() / seconds / 1e6,
                measured.accepted.get() == 0 ? 0.0 : (double) measured.bodyBytes.get() / measured.accepted.get());
        if (format.equals("pprof")) {
            System.out.printf("samples/s (pprof samples accepted): %.0f%n", measured.samples.get() / seconds);
        }
        System.out.printf("request latency p50: %.1f ms, p99: %.1f ms (1 profile per request)%n",
                measured.latencies.percentileMillis(50), measured.latencies.percentileMillis(99));
    }

    private Phase run(int clients, Duration duration) throws InterruptedException {
        Phase phase = new Phase();
        Clients.loop(clients, duration, () -> sendOnce(phase));
        return phase;
    }

    private void sendOnce(Phase phase) {
        long upload = nextUpload.getAndIncrement();
        int kinds = format.equals("pprof") ? FleetProfiles.KINDS.size() : 1;
        int kind = (int) (upload % kinds);
        int pod = (int) (upload / kinds % roundOfPod.length);
        long round;
        synchronized (roundOfPod) {
            round = kind == kinds - 1 ? roundOfPod[pod]++ : roundOfPod[pod];
        }
        int service = pod % services;
        long from = baseSeconds + round * ROUND_SECONDS;
        String app = String.format("svc%02d", service);
        String labels = String.format("pod=svc%02d-%d,namespace=prod,run=%s", service, pod / services, runId);
        byte[] body;
        String contentType;
        String query;
        if (format.equals("pprof")) {
            body = fleet.payload(service, kind, round, pod);
            contentType = "application/octet-stream";
            query = PyroscopeRequests.query(format, app, PyroscopeRequests.GO_SUFFIXES.get(kind), labels, from, from + ROUND_SECONDS);
        } else {
            body = jfr.bytes();
            contentType = jfr.contentType();
            query = PyroscopeRequests.query(format, app, "", labels, from, from + ROUND_SECONDS);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(ingest + "?" + query)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).header("X-Scope-OrgID", tenant)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        long start = System.nanoTime();
        String status;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            phase.latencies.record(System.nanoTime() - start);
            status = Integer.toString(response.statusCode());
            if (response.statusCode() == 200) {
                phase.accepted.incrementAndGet();
                phase.bodyBytes.addAndGet(body.length);
                if (fleet != null) {
                    phase.samples.addAndGet(fleet.samples(kind, round));
                }
            } else if (phase.statuses.getOrDefault(status, new AtomicLong()).get() < 3) {
                System.out.println("POST /ingest answered " + status + ": " + response.body());
            }
        } catch (IOException e) {
            status = e.getClass().getSimpleName();
            if (phase.statuses.getOrDefault(status, new AtomicLong()).get() < 3) {
                System.out.println("POST /ingest failed: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        phase.statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }
}

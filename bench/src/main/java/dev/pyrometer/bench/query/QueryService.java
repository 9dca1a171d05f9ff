package dev.pyrometer.bench.query;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A query-service started from its {@code -exec} jar on the benchmark's database, and the HTTP calls
 * made to it the way a browser makes them (keep-alive, {@code Accept-Encoding: gzip}).
 */
final class QueryService implements AutoCloseable {
    private static final Pattern METRIC = Pattern.compile(
            "^pyrometer_query_(rows|bytes)[a-z_]*_(sum|count)\\{([^}]*)} ([0-9.eE+\\-]+)$");
    private static final Pattern ENDPOINT = Pattern.compile("endpoint=\"([^\"]+)\"");

    private final Process process;
    private final Path log;
    private final int port;
    private final int managementPort;
    private final String tenant;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** A response as received: status, body bytes on the wire, and the time to the last byte. */
    record Response(int status, byte[] body, String encoding, long nanos) {
        /** The body as sent before content encoding. */
        byte[] decoded() {
            if (!"gzip".equalsIgnoreCase(encoding)) {
                return body;
            }
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private QueryService(Process process, Path log, int port, int managementPort, String tenant) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.managementPort = managementPort;
        this.tenant = tenant;
    }

    /**
     * Starts query-service and waits until it is ready. A port of 0 takes a free port of 127.0.0.1; a port
     * given must be free: on a shared machine another benchmark's query-service may hold it, and its
     * readiness would otherwise be taken for this one's.
     */
    static QueryService start(Path jar, List<String> jvmArgs, String jdbcUrl, int requestedPort, int requestedManagementPort, int poolSize,
                              String tenant, Path log) throws IOException, InterruptedException {
        int port = freePort(requestedPort, "--query-port");
        int managementPort = freePort(requestedManagementPort, "--query-management-port");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PYROMETER_JDBC_URL", jdbcUrl);
        builder.environment().put("PYROMETER_QUERY_PORT", Integer.toString(port));
        builder.environment().put("PYROMETER_QUERY_ADDRESS", "127.0.0.1");
        builder.environment().put("PYROMETER_MANAGEMENT_PORT", Integer.toString(managementPort));
        builder.environment().put("PYROMETER_JDBC_POOL_SIZE", Integer.toString(poolSize));
        QueryService service = new QueryService(builder.start(), log, port, managementPort, tenant);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!service.process.isAlive()) {
                throw new IllegalStateException("query-service exited with " + service.process.exitValue() + "; log:\n" + service.tail());
            }
            try {
                HttpResponse<String> ready = service.client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return service;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        service.close();
        throw new IllegalStateException("query-service did not become ready in 120 s; log:\n" + service.tail());
    }

    /** {@code requested} if it is free on 127.0.0.1, or a free port when it is 0. */
    private static int freePort(int requested, String option) throws IOException {
        try (ServerSocket socket = new ServerSocket(requested, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (BindException e) {
            throw new IllegalStateException("port " + requested + " of 127.0.0.1 is in use (another query-service?); pass a free one with "
                    + option + ", or 0 for any free port", e);
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    /** GET {@code /api/v1/<path>} with the parameters, as the tenant. */
    Response get(String path, Map<String, String> parameters) throws IOException, InterruptedException {
        StringBuilder uri = new StringBuilder("http://127.0.0.1:" + port + "/api/v1/" + path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            uri.append(separator).append(parameter.getKey()).append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofMinutes(5))
                .header("X-Scope-OrgID", tenant).header("Accept-Encoding", "gzip").GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        long nanos = System.nanoTime() - start;
        Response result = new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Encoding").orElse(""), nanos);
        if (result.status() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + result.status() + ": "
                    + new String(result.decoded(), StandardCharsets.UTF_8));
        }
        return result;
    }

    /** Running sums and counts of {@code pyrometer_query_rows} and {@code _bytes} per endpoint: {rowsSum, rowsCount, bytesSum, bytesCount}. */
    Map<String, double[]> readMetrics() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, double[]> result = new HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher metric = METRIC.matcher(line);
            if (!metric.matches()) {
                continue;
            }
            Matcher endpoint = ENDPOINT.matcher(metric.group(3));
            if (!endpoint.find()) {
                continue;
            }
            int slot = (metric.group(1).equals("rows") ? 0 : 2) + (metric.group(2).equals("sum") ? 0 : 1);
            result.computeIfAbsent(endpoint.group(1), k -> new double[4])[slot] = Double.parseDouble(metric.group(4));
        }
        return result;
    }

    static Map<String, String> params(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}

package dev.pyrometer.compat.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ingest-service and query-service from their executable jars, as separate JVMs on free loopback ports,
 * over the embedded PostgreSQL that ingest-service starts in a fresh data directory (no JDBC URL). Query
 * is reached at {@link #queryUrl()}, which also takes Pyroscope's {@code /ingest} and Connect push and
 * forwards them to ingest-service's HTTP port. Closing it stops both (SIGTERM).
 */
public final class PyrometerStack implements AutoCloseable {
    /** The reactor's ingest-service jar, as the failsafe configuration names it. */
    public static final Path INGEST_JAR = Path.of(System.getProperty("pyrometer.ingest.jar", "missing"));
    /** The reactor's query-service jar. */
    public static final Path QUERY_JAR = Path.of(System.getProperty("pyrometer.query.jar", "missing"));
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);

    public final int grpcPort;
    public final int ingestHttpPort;
    public final int queryPort;
    private final int ingestManagementPort;
    private final int queryManagementPort;
    private final Path workDir;
    private final int dbPort;
    private boolean queryHttps;
    private ManagedProcess ingest;
    private ManagedProcess query;

    private PyrometerStack(int[] ports, Path workDir) {
        this.workDir = workDir;
        this.dbPort = ports[5];
        this.grpcPort = ports[0];
        this.ingestHttpPort = ports[1];
        this.ingestManagementPort = ports[2];
        this.queryPort = ports[3];
        this.queryManagementPort = ports[4];
    }

    /** Starts both services with their logs and the database under {@code workDir}; returns when both are ready. */
    public static PyrometerStack start(Path ingestJar, Path queryJar, Path workDir) throws IOException, InterruptedException {
        return start(ingestJar, queryJar, workDir, Map.of(), Map.of());
    }

    /**
     * As {@link #start(Path, Path, Path)}, with more environment variables for each service (e.g.
     * {@code PYROMETER_AUTH=tokens}); {@code PYROMETER_HTTP_TLS_ENABLED=true} in {@code queryEnv} makes
     * {@link #queryUrl()} https.
     */
    public static PyrometerStack start(Path ingestJar, Path queryJar, Path workDir, Map<String, String> moreIngestEnv,
                                       Map<String, String> moreQueryEnv) throws IOException, InterruptedException {
        int[] ports = FreePorts.take(6);
        PyrometerStack stack = new PyrometerStack(ports, workDir);
        int dbPort = stack.dbPort;
        stack.queryHttps = "true".equals(moreQueryEnv.get("PYROMETER_HTTP_TLS_ENABLED"));
        try {
            Map<String, String> ingestEnv = new HashMap<>();
            ingestEnv.put("PYROMETER_JDBC_URL", "");
            ingestEnv.put("PYROMETER_LOCAL_DATA_DIR", workDir.resolve("postgres").toString());
            ingestEnv.put("PYROMETER_LOCAL_DB_PORT", Integer.toString(dbPort));
            ingestEnv.put("PYROMETER_GRPC_ADDRESS", "127.0.0.1");
            ingestEnv.put("PYROMETER_GRPC_PORT", Integer.toString(stack.grpcPort));
            ingestEnv.put("PYROMETER_INGEST_HTTP_ADDRESS", "127.0.0.1");
            ingestEnv.put("PYROMETER_INGEST_HTTP_PORT", Integer.toString(stack.ingestHttpPort));
            ingestEnv.put("PYROMETER_MANAGEMENT_ADDRESS", "127.0.0.1");
            ingestEnv.put("PYROMETER_MANAGEMENT_PORT", Integer.toString(stack.ingestManagementPort));
            ingestEnv.putAll(moreIngestEnv);
            stack.ingest = ManagedProcess.start("ingest-service", javaJar(ingestJar), workDir, ingestEnv, workDir.resolve("logs/ingest-service.log"));
            stack.awaitReady(stack.ingest, stack.ingestManagementPort);

            Map<String, String> queryEnv = new HashMap<>();
            queryEnv.put("PYROMETER_JDBC_URL", "");
            queryEnv.put("PYROMETER_LOCAL_DB_PORT", Integer.toString(dbPort));
            queryEnv.put("PYROMETER_QUERY_ADDRESS", "127.0.0.1");
            queryEnv.put("PYROMETER_QUERY_PORT", Integer.toString(stack.queryPort));
            queryEnv.put("PYROMETER_QUERY_INGEST_URL", "http://127.0.0.1:" + stack.ingestHttpPort);
            queryEnv.put("PYROMETER_MANAGEMENT_ADDRESS", "127.0.0.1");
            queryEnv.put("PYROMETER_MANAGEMENT_PORT", Integer.toString(stack.queryManagementPort));
            queryEnv.putAll(moreQueryEnv);
            stack.query = ManagedProcess.start("query-service", javaJar(queryJar), workDir, queryEnv, workDir.resolve("logs/query-service.log"));
            stack.awaitReady(stack.query, stack.queryManagementPort);
            return stack;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            stack.close();
            throw e;
        }
    }

    /** query-service's base URL: the REST API, the dashboard, and the one address Pyroscope clients push to. */
    public String queryUrl() {
        return (queryHttps ? "https" : "http") + "://127.0.0.1:" + queryPort;
    }

    /** query-service's management base URL: {@code /actuator/health}, {@code /actuator/prometheus}. */
    public String queryManagementUrl() {
        return "http://127.0.0.1:" + queryManagementPort;
    }

    /** ingest-service's own HTTP port (Pyroscope's {@code /ingest}), behind query-service's forwarder. */
    public String ingestHttpUrl() {
        return "http://127.0.0.1:" + ingestHttpPort;
    }

    /** ingest-service's gRPC target, {@code 127.0.0.1:PORT}. */
    public String grpcTarget() {
        return "127.0.0.1:" + grpcPort;
    }

    /**
     * Runs the admin CLI of {@code jar} ({@code java -jar JAR ARGS}, e.g. {@code tokens create --tenant=a --scope=push})
     * on this stack's database; returns its standard output, or fails with its output when it exits non-zero.
     */
    public String adminCli(Path jar, List<String> args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(javaJar(jar));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().put("PYROMETER_JDBC_URL", "");
        builder.environment().put("PYROMETER_LOCAL_DATA_DIR", workDir.resolve("postgres").toString());
        builder.environment().put("PYROMETER_LOCAL_DB_PORT", Integer.toString(dbPort));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("admin CLI " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + output);
        }
        return output;
    }

    /** query-service's whole log so far. */
    public String queryLog() {
        return query == null ? "" : query.log();
    }

    /** ingest-service's whole log so far. */
    public String ingestLog() {
        return ingest == null ? "" : ingest.log();
    }

    /** Both services' log tails, for failure messages. */
    public String diagnostics() {
        return (ingest == null ? "" : ingest.tail(40)) + "\n" + (query == null ? "" : query.tail(40));
    }

    private static List<String> javaJar(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + "; the reactor packages the services before this module");
        }
        // C1 only, small heaps and the serial collector: quicker starts on a small, shared machine.
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-jar", jar.toString());
    }

    private void awaitReady(ManagedProcess process, int managementPort) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI readiness = URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness");
        Await.until(process.name() + " readiness on port " + managementPort, Instant.now().plus(READY_WITHIN), () -> {
            if (!process.alive()) {
                throw new IllegalStateException(process.name() + " exited");
            }
            return http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }, status -> status == 200 || !process.alive(), () -> process.tail(60));
        if (!process.alive()) {
            throw new AssertionError(process.name() + " exited while starting\n" + process.tail(60));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (query != null) {
            query.close();
        }
        if (ingest != null) {
            ingest.close();
        }
    }
}

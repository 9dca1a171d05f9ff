package dev.pyrometer.ingest.support;

import dev.pyrometer.ingest.IngestApplication;
import dev.pyrometer.storage.testing.Awaits;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ingest-service as operators run it: its own JVM (the test's class path, {@link IngestApplication}
 * as main class) with settings from environment variables, free gRPC and management ports, and its
 * output in a file. It can be killed with {@code kill -9}, and its peak resident memory read from
 * {@code /proc}.
 */
public final class IngestProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int grpcPort;
    private final int managementPort;
    private final int httpPort;
    private final Path output;

    private IngestProcess(Process process, int grpcPort, int managementPort, int httpPort, Path output) {
        this.httpPort = httpPort;
        this.process = process;
        this.grpcPort = grpcPort;
        this.managementPort = managementPort;
        this.output = output;
    }

    /** Starts the service with {@code env} added to this JVM's environment and waits until it is ready. */
    public static IngestProcess start(String name, Map<String, String> env, String... jvmOptions) {
        int grpcPort = freePort();
        int managementPort = freePort();
        int httpPort = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), IngestApplication.class.getName()));
        try {
            Path output = Files.createTempFile("ingest-" + name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(env);
            builder.environment().put("PYROMETER_GRPC_PORT", Integer.toString(grpcPort));
            builder.environment().put("PYROMETER_MANAGEMENT_PORT", Integer.toString(managementPort));
            builder.environment().put("PYROMETER_INGEST_HTTP_PORT", Integer.toString(httpPort));
            builder.environment().put("PYROMETER_ROLLUP_INTERVAL", "1h");
            // Loopback, as the tests connect: authentication stays off without settings (PYROMETER_AUTH=auto).
            builder.environment().putIfAbsent("PYROMETER_GRPC_ADDRESS", "127.0.0.1");
            builder.environment().putIfAbsent("PYROMETER_INGEST_HTTP_ADDRESS", "127.0.0.1");
            IngestProcess started = new IngestProcess(builder.start(), grpcPort, managementPort, httpPort, output);
            Awaits.until("ingest-service " + name + " is ready (log: " + output + ")", Duration.ofMinutes(3), () -> {
                if (!started.process.isAlive()) {
                    throw new AssertionError("ingest-service " + name + " exited with " + started.process.exitValue()
                            + "; its output:\n" + started.output());
                }
                return started.ready();
            });
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ingest-service " + name, e);
        }
    }

    /** The public HTTP port (Pyroscope's /ingest and the Connect push). */
    public int httpPort() {
        return httpPort;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Whether /actuator/health/readiness answers UP. */
    public boolean ready() {
        return readinessStatus() == 200;
    }

    /** The HTTP status of the readiness probe (200 UP, 503 DOWN), or -1 when it does not answer. */
    public int readinessStatus() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The value of a Prometheus sample without labels (or the first with) from /actuator/prometheus. */
    public double metric(String name) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(10)).build();
            for (String line : HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
                if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            throw new AssertionError("no metric " + name + " in /actuator/prometheus");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Peak resident set size of the process (VmHWM), in bytes. */
    public long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmHWM for pid " + pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** {@code kill -9}; returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        Awaits.until("ingest-service " + pid() + " exits", Duration.ofSeconds(30), () -> !process.isAlive());
    }

    @Override
    public void close() {
        process.destroy();
        Awaits.until("ingest-service " + pid() + " stops", Duration.ofSeconds(60), () -> !process.isAlive());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

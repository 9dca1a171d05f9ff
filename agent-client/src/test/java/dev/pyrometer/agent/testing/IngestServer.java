package dev.pyrometer.agent.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real ingest-service: its executable jar (the one deployments run) as a separate JVM on a given
 * PostgreSQL. Stopping it sends SIGTERM, so it drains like a real deployment.
 */
public final class IngestServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("gRPC ingest listening on port (\\d+)");

    private final Process process;
    private final int grpcPort;
    private final Path log;

    private IngestServer(Process process, int grpcPort, Path log) {
        this.process = process;
        this.grpcPort = grpcPort;
        this.log = log;
    }

    /** @param grpcPort 0 picks a free port */
    public static IngestServer start(String jdbcUrl, int grpcPort) throws IOException, InterruptedException {
        return start(jdbcUrl, grpcPort, List.of());
    }

    /** With more settings as {@code --key=value} arguments (e.g. the gRPC port's TLS files). */
    public static IngestServer start(String jdbcUrl, int grpcPort, List<String> settings) throws IOException, InterruptedException {
        String jar = System.getProperty("pyrometer.ingest.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no ingest-service jar at " + jar + " (set by the pom from the ingest-service:exec dependency)");
        }
        Path log = Files.createTempFile("ingest-service", ".log");
        List<String> arguments = new java.util.ArrayList<>(List.of("--pyrometer.database.url=" + jdbcUrl, "--pyrometer.grpc.port=" + grpcPort,
                "--pyrometer.grpc.address=127.0.0.1", "--server.address=127.0.0.1",
                "--pyrometer.grpc.shutdown-grace=2s", "--server.port=0", "--management.server.port=0", "--logging.level.root=WARN",
                "--logging.level.dev.pyrometer.ingest.grpc=INFO", "--logging.level.dev.pyrometer.ingest.tls=INFO"));
        arguments.addAll(settings);
        Process process = AgentJar.start(List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar), arguments, Map.of(), log);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new IngestServer(process, Integer.parseInt(m.group(1)), log);
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("ingest-service did not start; its log:\n" + Files.readString(log));
    }

    public int grpcPort() {
        return grpcPort;
    }

    public String target() {
        return "127.0.0.1:" + grpcPort;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

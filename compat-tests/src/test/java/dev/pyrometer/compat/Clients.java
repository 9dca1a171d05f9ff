package dev.pyrometer.compat;

import dev.pyrometer.compat.stack.ManagedProcess;
import dev.pyrometer.compat.workload.CompatWorkload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the real profiling clients of these tests, each on its workload, as processes. */
final class Clients {
    /** How often every client uploads: short, so a test sees several uploads within a minute. */
    static final int UPLOAD_SECONDS = 5;

    private Clients() {
    }

    /**
     * {@link CompatWorkload} under Grafana's Java agent, whose only address is {@code serverUrl}. Besides the
     * application name, it sets what that agent needs to record allocations and locks (both off by default)
     * and a short upload interval.
     */
    static ManagedProcess pyroscopeJavaAgent(Path agentJar, String serverUrl, String appName, Path workDir) throws IOException {
        Map<String, String> env = Map.of(
                "PYROSCOPE_SERVER_ADDRESS", serverUrl,
                "PYROSCOPE_APPLICATION_NAME", appName,
                "PYROSCOPE_PROFILER_ALLOC", "512k",
                "PYROSCOPE_PROFILER_LOCK", "1ms",
                "PYROSCOPE_UPLOAD_INTERVAL", UPLOAD_SECONDS + "s",
                "PYROSCOPE_LOG_LEVEL", "debug");
        return javaWorkload(appName, "-javaagent:" + requireFile(agentJar), env, workDir);
    }

    /** {@link CompatWorkload} under our own {@code -javaagent}, pushing over gRPC to {@code grpcTarget}. */
    static ManagedProcess ownJavaAgent(Path agentJar, String grpcTarget, String service, Path workDir) throws IOException {
        String options = "service_name=" + service + ",server=" + grpcTarget + ",interval=" + UPLOAD_SECONDS + "s";
        return javaWorkload(service, "-javaagent:" + requireFile(agentJar) + "=" + options, Map.of(), workDir);
    }

    /**
     * The Node app under {@code src/test/node/pyroscope-app} with @pyroscope/nodejs, after {@code npm ci} when
     * its dependencies are missing or older than its lock file.
     */
    static ManagedProcess nodeApp(Path appDir, String serverUrl, String appName, Path workDir) throws IOException, InterruptedException {
        npmCi(appDir, workDir.resolve("logs/npm-ci.log"));
        return ManagedProcess.start(appName, List.of("node", "app.js"), appDir, Map.of(
                "PYROSCOPE_SERVER_ADDRESS", serverUrl,
                "APP_NAME", appName,
                "FLUSH_INTERVAL_MS", Integer.toString(UPLOAD_SECONDS * 1000),
                "DEBUG", "pyroscope*"), workDir.resolve("logs/" + appName + ".log"));
    }

    private static ManagedProcess javaWorkload(String name, String javaAgent, Map<String, String> env, Path workDir) throws IOException {
        String classes = Path.of(System.getProperty("pyrometer.build.dir", "target"), "test-classes").toAbsolutePath().toString();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), javaAgent, "-Xmx128m",
                "-XX:+UseSerialGC", "-cp", classes, CompatWorkload.class.getName());
        return ManagedProcess.start(name, command, workDir, env, workDir.resolve("logs/" + name + ".log"));
    }

    private static void npmCi(Path appDir, Path log) throws IOException, InterruptedException {
        Path installed = appDir.resolve("node_modules/.package-lock.json");
        if (Files.exists(installed) && !Files.getLastModifiedTime(installed).toInstant()
                .isBefore(Files.getLastModifiedTime(appDir.resolve("package-lock.json")).toInstant())) {
            return;
        }
        Files.createDirectories(log.getParent());
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(appDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci in " + appDir + " took over 5 minutes; " + log);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + appDir + " failed:\n" + Files.readString(log));
        }
    }

    private static Path requireFile(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no agent jar at " + jar + "; the pom puts it there before the tests run");
        }
        return jar;
    }
}

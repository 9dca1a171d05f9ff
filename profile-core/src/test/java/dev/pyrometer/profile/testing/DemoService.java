package dev.pyrometer.profile.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo Go service (demo/go-service), built with the machine's {@code go} once per JVM and
 * started as a real process on a free loopback port.
 */
public final class DemoService implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("demo-service listening on (\\S+) pid (\\d+)");
    private static Path binary;

    private final Process process;
    private final String address;
    private final long pid;

    private DemoService(Process process, String address, long pid) {
        this.process = process;
        this.address = address;
        this.pid = pid;
    }

    public static DemoService start(String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(build().toString(), "-addr=127.0.0.1:0"));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = line == null ? null : LISTENING.matcher(line);
        if (m == null || !m.find()) {
            process.destroyForcibly();
            throw new IllegalStateException("demo-service did not start: " + line);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe from filling up
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "demo-service-output");
        drain.setDaemon(true);
        drain.start();
        return new DemoService(process, m.group(1), Long.parseLong(m.group(2)));
    }

    /** Builds demo/go-service with {@code go build}; no module downloads (stdlib only, GOPROXY=off). */
    public static synchronized Path build() throws IOException, InterruptedException {
        if (binary != null) {
            return binary;
        }
        Path source = Path.of(System.getProperty("pyrometer.demo.go", "../demo/go-service")).toAbsolutePath().normalize();
        Path out = Path.of(System.getProperty("pyrometer.build.dir", "target"), "demo-service", "demo-service").toAbsolutePath();
        Files.createDirectories(out.getParent());
        ProcessBuilder go = new ProcessBuilder("go", "build", "-o", out.toString(), ".").directory(source.toFile()).redirectErrorStream(true);
        Map<String, String> env = go.environment();
        env.put("GOPROXY", "off");
        env.put("GOFLAGS", "");
        if (env.get("GOCACHE") == null && env.get("HOME") == null && env.get("XDG_CACHE_HOME") == null) {
            env.put("GOCACHE", out.getParent().resolve("go-cache").toString());
        }
        Process build;
        try {
            build = go.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run `go` (install Go 1.19+, e.g. apt-get install golang-go)", e);
        }
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
            throw new IllegalStateException("go build of " + source + " failed:\n" + output);
        }
        binary = out;
        return out;
    }

    public String url() {
        return "http://" + address;
    }

    public long pid() {
        return pid;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

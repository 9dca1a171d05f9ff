package dev.pyrometer.compat.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process these tests started, with stdout and stderr in one log file. Closing it sends SIGTERM
 * (a clean shutdown, as deployments stop) and kills it after 30 s.
 */
public final class ManagedProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code command} in {@code dir} with the inherited environment minus every {@code PYROMETER_*}
     * and {@code PYROSCOPE_*} variable, plus {@code env}.
     */
    public static ManagedProcess start(String name, List<String> command, Path dir, Map<String, String> env, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("PYROMETER_") || key.startsWith("PYROSCOPE_"));
        builder.environment().putAll(env);
        return new ManagedProcess(name, builder.start(), log);
    }

    public String name() {
        return name;
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path logFile() {
        return log;
    }

    /** The whole log so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The log's last {@code lines} lines, headed by the process name and whether it still runs. */
    public String tail(int lines) {
        List<String> all = log().lines().toList();
        String state = process.isAlive() ? "running" : "exited " + process.exitValue();
        return "----- " + name + " (" + state + "), last " + lines + " lines of " + log + "\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

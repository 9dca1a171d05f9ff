package dev.pyrometer.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One headless run of {@code ./run.sh}, in a session and process group of its own (via {@code setsid}),
 * with its output in a file. SIGINT is reset to its default first: a process started from a background
 * job may inherit SIGINT as ignored, and bash cannot trap a signal ignored on entry, whereas a terminal's
 * Ctrl-C reaches a script whose SIGINT is in its default state.
 */
final class RunScript implements AutoCloseable {
    private final Path repo;
    private final Path output;
    private final Process process;
    final Instant started;

    private RunScript(Path repo, Path output, Process process, Instant started) {
        this.repo = repo;
        this.output = output;
        this.process = process;
        this.started = started;
    }

    static RunScript start(Path repo, Path output, Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("setsid", "perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"",
                repo.resolve("run.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // Hermetic: none of the caller's Pyrometer or run.sh settings leak in.
        builder.environment().keySet().removeIf(name -> name.startsWith("PYROMETER_") || name.startsWith("RUN_"));
        builder.environment().putAll(env);
        Instant started = Instant.now();
        return new RunScript(repo, output, builder.start(), started);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    /** Waits until the output holds {@code text}; false when the script exited or time ran out first. */
    boolean awaitOutput(String text, Instant deadline) throws InterruptedException {
        while (Instant.now().isBefore(deadline)) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Sends {@code signal} to the script alone, or to its whole process group as a terminal's Ctrl-C does. */
    void signal(String signal, boolean wholeGroup) throws IOException, InterruptedException {
        String target = wholeGroup ? "-" + pid() : Long.toString(pid());
        int code = Processes.run("kill", "-s", signal, "--", target);
        if (code != 0) {
            throw new IllegalStateException("kill -s " + signal + " -- " + target + " exited with " + code);
        }
    }

    /** The exit code, or -1 when the script is still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** The script's output and the end of every log it wrote, for failure messages. */
    String diagnostics(Path logDir) {
        StringBuilder text = new StringBuilder("--- run.sh output ---\n").append(output());
        if (Files.isDirectory(logDir)) {
            try (Stream<Path> logs = Files.list(logDir)) {
                for (Path log : logs.sorted().toList()) {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    text.append("\n--- ").append(repo.relativize(log.toAbsolutePath())).append(" (last 40 lines) ---\n");
                    lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(line -> text.append(line).append('\n'));
                }
            } catch (IOException e) {
                text.append("\n(cannot read logs: ").append(e).append(")");
            }
        }
        return text.toString();
    }

    /**
     * Makes sure nothing of this run survives a failed test: SIGTERM to the script, then SIGKILL to whatever
     * is left in its session or mentions {@code marker} (the embedded PostgreSQL leaves the session).
     */
    @Override
    public void close() throws IOException, InterruptedException {
        long session = pid();
        if (process.isAlive()) {
            signal("TERM", false);
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (Processes.Proc leftover : Processes.leftovers(session, marker)) {
            Processes.run("kill", "-KILL", Long.toString(leftover.pid()));
        }
    }

    private String marker = "\0";

    /** A text that only this run's processes carry on their command lines (its data directory). */
    RunScript marker(String text) {
        this.marker = text;
        return this;
    }
}

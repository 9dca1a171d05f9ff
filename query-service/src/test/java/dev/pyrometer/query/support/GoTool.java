package dev.pyrometer.query.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code go tool pprof}, the reference for every number the API shows. A test that needs it fails,
 * never skips, when Go is missing: a skipped reference check would pass silently. Profiles that pprof
 * fetches from URLs are saved under a temporary {@code PPROF_TMPDIR}, not in the user's home.
 */
public final class GoTool {
    private static final long TIMEOUT_SECONDS = 60;
    private static Path pprofTmp;

    private GoTool() {
    }

    /** {@code go tool pprof -top} with every node kept and values printed as exact integers in {@code unit} (ns, byte, count). */
    public static String top(String sampleType, String unit, List<String> sources) {
        List<String> args = new ArrayList<>(List.of("-top", "-nodecount=1000000", "-nodefraction=0", "-edgefraction=0",
                "-sample_index=" + sampleType, "-unit=" + unit));
        args.addAll(sources);
        return pprof(args);
    }

    /** {@code go tool pprof -raw SOURCE}. */
    public static String raw(String source) {
        return pprof(List.of("-raw", source));
    }

    /** The {@code -unit} under which pprof prints values of {@code sampleUnit} unscaled. */
    public static String unitFlag(String sampleUnit) {
        return switch (sampleUnit) {
            case "nanoseconds" -> "ns";
            case "bytes" -> "byte";
            case "count" -> "count";
            default -> throw new IllegalArgumentException("no exact -unit known for sample unit '" + sampleUnit + "'");
        };
    }

    /** Runs {@code go tool pprof ARGS}; returns standard output, or fails with pprof's standard error on a non-zero exit. */
    public static synchronized String pprof(List<String> args) {
        List<String> command = new ArrayList<>(List.of(go(), "tool", "pprof"));
        command.addAll(args);
        try {
            Path stderr = Files.createTempFile("pprof-stderr", ".txt");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
                builder.environment().put("PPROF_TMPDIR", pprofTmp().toString());
                Process process = builder.start();
                process.getOutputStream().close();
                String stdout;
                try (InputStream in = process.getInputStream()) {
                    stdout = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + command);
                }
                if (process.exitValue() != 0) {
                    throw new AssertionError("exit " + process.exitValue() + " from " + command + ":\n" + Files.readString(stderr));
                }
                return stdout;
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** Writes {@code bytes} to a temporary file named {@code name} and returns its path. */
    public static Path file(String name, byte[] bytes) {
        try {
            Path file = pprofTmp().resolve(name);
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path pprofTmp() throws IOException {
        if (pprofTmp == null) {
            Path directory = Files.createTempDirectory("pyrometer-pprof");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(directory)) {
                    files.forEach(file -> file.toFile().delete());
                } catch (IOException ignored) {
                    // a leftover temporary directory is harmless
                }
                directory.toFile().delete();
            }));
            pprofTmp = directory;
        }
        return pprofTmp;
    }

    /** The go binary: the first {@code go} on PATH, else /usr/bin/go. */
    private static String go() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory.isEmpty() ? "." : directory, "go");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        if (Files.isExecutable(Path.of("/usr/bin/go"))) {
            return "/usr/bin/go";
        }
        throw new AssertionError("Go is not installed (no 'go' on PATH or at /usr/bin/go): the pprof reference tests need "
                + "`go tool pprof`. Install it with `apt-get install -y golang-go` (.ci/run does).");
    }
}

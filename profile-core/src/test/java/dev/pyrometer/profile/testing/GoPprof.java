package dev.pyrometer.profile.testing;

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
 * Runs {@code go tool pprof}, the reference for every number Pyrometer shows. Tests that use it fail,
 * never skip, when Go is missing: CI ({@code .ci/run}) installs it, and a skipped reference check would
 * pass silently. Thread-safe.
 */
public final class GoPprof {
    private static final long TIMEOUT_SECONDS = 60;

    private GoPprof() {
    }

    /** {@code go tool pprof -top} with every node shown and values printed as exact integers. */
    public static String top(String sampleType, String sampleUnit, Path... files) {
        List<String> args = new ArrayList<>(List.of("-top", "-nodecount=1000000", "-nodefraction=0", "-edgefraction=0",
                "-sample_index=" + sampleType, "-unit=" + unitFlag(sampleUnit)));
        for (Path file : files) {
            args.add(file.toString());
        }
        return pprof(args);
    }

    /** {@code go tool pprof -raw FILE}. */
    public static String raw(Path file) {
        return pprof(List.of("-raw", file.toString()));
    }

    /** The {@code -unit} under which pprof prints values of {@code sampleUnit} unscaled (as regenerate.sh chooses). */
    public static String unitFlag(String sampleUnit) {
        return switch (sampleUnit) {
            case "nanoseconds" -> "ns";
            case "bytes" -> "byte";
            case "count" -> "count";
            default -> throw new IllegalArgumentException("no exact -unit known for sample unit '" + sampleUnit + "'");
        };
    }

    /** Runs {@code go tool pprof ARGS} and returns its standard output; a non-zero exit fails with pprof's stderr. */
    public static String pprof(List<String> args) {
        List<String> command = new ArrayList<>(List.of(go(), "tool", "pprof"));
        command.addAll(args);
        Path stderr = null;
        try {
            stderr = Files.createTempFile("pprof-stderr", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
            // pprof keeps a copy of every profile it fetches from a URL; keep those out of $HOME.
            builder.environment().put("PPROF_TMPDIR", System.getProperty("java.io.tmpdir"));
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
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

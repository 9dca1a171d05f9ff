package dev.pyrometer.query.support;

import dev.pyrometer.profile.testing.GoPprof;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code go tool pprof}, the reference for every number the API shows. A test that needs it fails,
 * never skips, when Go is missing: a skipped reference check would pass silently. Profiles that pprof
 * fetches from URLs are saved under a temporary {@code PPROF_TMPDIR}, not in the user's home.
 */
public final class GoTool {
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
        return GoPprof.unitFlag(sampleUnit);
    }

    /** Runs {@code go tool pprof ARGS}, one at a time; returns standard output, or fails with pprof's standard error. */
    public static synchronized String pprof(List<String> args) {
        return GoPprof.pprof(args);
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
}

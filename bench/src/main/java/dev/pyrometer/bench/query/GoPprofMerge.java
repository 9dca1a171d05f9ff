package dev.pyrometer.bench.query;

import dev.pyrometer.bench.common.Latencies;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference: the same window merged by {@code go tool pprof -proto} over the raw files, i.e.
 * exactly the payloads the loader stored for the service's pods in the window, one file each.
 */
final class GoPprofMerge {
    private static final Pattern RAW_SAMPLE = Pattern.compile("^\\s*(-?\\d+)\\s+(-?\\d+):");

    private final String go;
    private final Path directory;
    private final List<String> files = new ArrayList<>();
    private long bytes;

    GoPprofMerge(String go, Path directory) {
        this.go = go;
        this.directory = directory;
    }

    /**
     * Writes the cpu payload of every snapshot of {@code service} in {@code [fromMicros, toMicros)};
     * returns the number of files.
     */
    int writeWindow(QueryFleet fleet, FleetSchedule schedule, int service, int pods, long rounds, int kind, long fromMicros,
                    long toMicros) throws IOException {
        long cadence = schedule.cadenceMicros();
        long firstRound = Math.max(0, Math.floorDiv(fromMicros - schedule.startMicros(), cadence) - 1);
        long lastRound = Math.min(rounds - 1, Math.floorDiv(toMicros - schedule.startMicros(), cadence) + 1);
        for (int pod = 0; pod < pods; pod++) {
            for (long round = firstRound; round <= lastRound; round++) {
                long time = schedule.timeMicros(service, pod, round);
                if (time >= fromMicros && time < toMicros) {
                    byte[] payload = fleet.payload(service, kind, round, service * pods + pod);
                    // Short names (pod-round): the command line of a large fleet's hour holds tens of thousands of them.
                    Path file = directory.resolve(pod + "-" + round);
                    Files.write(file, payload);
                    files.add(file.getFileName().toString());
                    bytes += payload.length;
                }
            }
        }
        return files.size();
    }

    long bytes() {
        return bytes;
    }

    /** Times {@code go tool pprof -proto <all files> > /dev/null}, {@code reps} times after one warm-up run. */
    Latencies timeMerge(int reps) throws IOException, InterruptedException {
        return time(files, reps);
    }

    /** Times the same command over one file: the tool's fixed cost (start-up, one decode, encode). */
    Latencies timeSingle(int reps) throws IOException, InterruptedException {
        return time(files.subList(0, 1), reps);
    }

    /**
     * Sum of sample value column {@code column} (0-based) of the merge, read from {@code go tool pprof -raw}:
     * a check that go and Pyrometer merged the same data.
     */
    long mergedTotal(int column) throws IOException, InterruptedException {
        Path merged = directory.resolve("merged.pb.gz");
        run(files, merged);
        Process raw = new ProcessBuilder(go, "tool", "pprof", "-raw", merged.toString()).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String text = new String(raw.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (raw.waitFor() != 0) {
            throw new IllegalStateException("go tool pprof -raw failed");
        }
        long total = 0;
        boolean inSamples = false;
        for (String line : text.split("\n")) {
            if (line.startsWith("Samples:")) {
                inSamples = true;
            } else if (line.startsWith("Locations")) {
                break;
            } else if (inSamples) {
                Matcher sample = RAW_SAMPLE.matcher(line);
                if (sample.find()) {
                    total += Long.parseLong(sample.group(column + 1));
                }
            }
        }
        Files.delete(merged);
        return total;
    }

    private Latencies time(List<String> inputs, int reps) throws IOException, InterruptedException {
        run(inputs, null);
        Latencies latencies = new Latencies();
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            run(inputs, null);
            latencies.record(System.nanoTime() - start);
        }
        return latencies;
    }

    private void run(List<String> inputs, Path output) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(go, "tool", "pprof", "-proto"));
        command.addAll(inputs);
        Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(output.toFile()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("go tool pprof -proto over " + inputs.size() + " files exited with " + process.exitValue());
        }
    }
}

package dev.pyrometer.bench.jfr;

import dev.pyrometer.bench.common.Args;
import dev.pyrometer.profile.jfr.CapturedUpload;
import dev.pyrometer.profile.jfr.JfrConverter;
import dev.pyrometer.profile.jfr.JfrTestRecording;
import dev.pyrometer.profile.pprof.BoundedGunzip;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Cost of reading Pyroscope Java agent uploads (async-profiler JFR) with profile-core's
 * {@link JfrConverter} (to pprof, end to end), the JDK's {@code jdk.jfr.consumer.RecordingFile}
 * (temp file written first) and async-profiler's {@code one.jfr.JfrReader}
 * (tools.profiler:jfr-converter). Every reader starts from the gzipped {@code jfr} part, as the
 * server receives it, and resolves each sample event's stack to frame names (see {@link JfrReaders}).
 * Single thread, after warm-up; time is wall time, heap is the bytes the thread allocates.
 * Then small recordings that declare 2^31 - 1 of something, once per reader.
 * <p>
 * Options: {@code --warmup=5s --measure=5s --large-mb=5 --jfr=a.jfr,b.jfr.gz} (recordings to add).
 */
public final class JfrParseBench {
    private static final double MB = 1 << 20;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Duration warmup = args.duration("warmup", Duration.ofSeconds(5));
        Duration measure = args.duration("measure", Duration.ofSeconds(5));
        int largeMb = args.integer("large-mb", 5);

        Map<String, byte[]> inputs = new LinkedHashMap<>();
        List<byte[]> plain = new ArrayList<>();
        for (String name : new String[] {"cpu-alloc-lock-1", "cpu-alloc-lock-2", "wall-alloc-lock"}) {
            byte[] gzipped = CapturedUpload.load(name).part("jfr");
            inputs.put(name, gzipped);
            plain.add(BoundedGunzip.inflate(gzipped, 1 << 26));
        }
        inputs.put("captured x" + repeats(plain, largeMb) + " (chunks)", gzip(repeated(plain, largeMb)));
        inputs.put("synthetic (1 chunk)", gzip(synthetic(largeMb)));
        for (String file : args.string("jfr", "").split(",")) {
            if (!file.isBlank()) {
                byte[] bytes = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(file));
                inputs.put(java.nio.file.Path.of(file).getFileName().toString(), bytes.length > 1 && bytes[0] == 0x1f ? bytes : gzip(bytes));
            }
        }

        System.out.printf("%-28s %9s %-10s %10s %12s %10s %8s%n", "recording", "JFR bytes", "reader", "ms per MB", "alloc MB/MB",
                "output", "iters");
        for (Map.Entry<String, byte[]> input : inputs.entrySet()) {
            long jfrBytes = BoundedGunzip.inflate(input.getValue(), 1 << 26).length;
            for (JfrReaders.Reader reader : JfrReaders.all()) {
                Measured m;
                try {
                    m = measure(reader, input.getValue(), warmup, measure);
                } catch (Exception e) {
                    System.out.printf("%-28s %9d %-10s fails: %s%n", input.getKey(), jfrBytes, reader.name(), e);
                    continue;
                }
                System.out.printf("%-28s %9d %-10s %10.2f %12.2f %10d %8d%n", input.getKey(), jfrBytes, reader.name(),
                        m.nanosPerIteration / 1e6 / (jfrBytes / MB), m.bytesPerIteration / (double) jfrBytes, m.events, m.iterations);
            }
        }

        System.out.println();
        System.out.printf("%-34s %9s %-10s %14s %10s  %s%n", "hostile recording, declared", "JFR bytes", "reader", "allocated", "ms", "outcome");
        hostile(JfrTestRecording.Lie.NONE, 0);
        for (long declared : new long[] {JfrTestRecording.HUGE, 1 << 27}) {
            for (JfrTestRecording.Lie lie : JfrTestRecording.Lie.values()) {
                if (lie != JfrTestRecording.Lie.NONE) {
                    hostile(lie, declared);
                }
            }
        }
    }

    /** Reads one hostile recording with each reader once; prints what it allocated, how long it took and how it ended. */
    private static void hostile(JfrTestRecording.Lie lie, long declared) {
        byte[] jfr = hostileRecording(lie, declared);
        String label = lie == JfrTestRecording.Lie.NONE ? "NONE (honest)" : lie + " " + declared;
        for (JfrReaders.Reader reader : JfrReaders.all()) {
            long before = allocated();
            long start = System.nanoTime();
            String outcome;
            try {
                outcome = "read " + reader.read(jfr);
            } catch (Throwable e) {
                outcome = e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            }
            long elapsed = System.nanoTime() - start;
            System.out.printf("%-34s %9d %-10s %14d %10.1f  %s%n", label, jfr.length, reader.name(), allocated() - before,
                    elapsed / 1e6, outcome.length() > 110 ? outcome.substring(0, 110) : outcome);
        }
    }

    /**
     * A stock async-profiler layout (no Pyroscope context fields, which one.jfr cannot skip):
     * 4,000 methods, 2,000 distinct 40-frame stacks, as many CPU samples as make {@code mb} MiB.
     */
    private static byte[] synthetic(int mb) {
        JfrTestRecording recording = new JfrTestRecording(4000);
        java.util.Random random = new java.util.Random(1);
        int perStack = Math.max(1, (int) (mb * MB / 2000 / 12));
        for (int s = 0; s < 2000; s++) {
            int[] frames = new int[40];
            for (int f = 0; f < frames.length; f++) {
                frames[f] = random.nextInt(4000);
            }
            recording.samples(recording.stack(frames), perStack);
        }
        return recording.bytes();
    }

    /** The recording the memory test in profile-core uses: 200 methods, two 100-frame stacks, one lie. */
    private static byte[] hostileRecording(JfrTestRecording.Lie lie, long declared) {
        JfrTestRecording recording = new JfrTestRecording(200);
        int a = recording.stack(java.util.stream.IntStream.range(0, 100).toArray());
        int b = recording.stack(java.util.stream.IntStream.range(100, 200).toArray());
        return recording.samples(a, 5).samples(b, 5).lie(lie, declared).bytes();
    }

    private record Measured(long iterations, double nanosPerIteration, long bytesPerIteration, long events) {
    }

    private static Measured measure(JfrReaders.Reader reader, byte[] gzipped, Duration warmup, Duration measure) throws Exception {
        long events = 0;
        long until = System.nanoTime() + warmup.toNanos();
        while (System.nanoTime() < until) {
            events = reader.read(gzipped);
        }
        long iterations = 0;
        long before = allocated();
        long start = System.nanoTime();
        until = start + measure.toNanos();
        do {
            reader.read(gzipped);
            iterations++;
        } while (System.nanoTime() < until);
        long elapsed = System.nanoTime() - start;
        return new Measured(iterations, elapsed / (double) iterations, (allocated() - before) / iterations, events);
    }

    private static int repeats(List<byte[]> chunks, int mb) {
        long round = chunks.stream().mapToLong(c -> c.length).sum();
        return (int) Math.ceil(mb * MB / round);
    }

    /** The recordings one after another (a JFR file may hold many chunks), repeated to at least {@code mb} MiB. */
    private static byte[] repeated(List<byte[]> chunks, int mb) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int r = 0; r < repeats(chunks, mb); r++) {
            chunks.forEach(out::writeBytes);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private JfrParseBench() {
    }
}

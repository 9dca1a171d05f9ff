package dev.pyrometer.agent.demo;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A throughput benchmark for measuring the javaagent's overhead (bench/agent/): THREADS threads run
 * WORKLOAD for SECONDS seconds after a warm-up; prints operations per second. Workloads:
 * {@code cpu} hashes and sorts a reused array (no allocation); {@code alloc} fills and sums 64
 * freshly allocated {@code long[8]} (about 5.6 KB of short-lived garbage per operation), for the
 * cost of allocation events. Usage: {@code CpuBench [seconds=20] [threads=1] [warmup=5] [workload=cpu]}.
 */
public final class CpuBench {
    private static volatile long sink;
    private static long[][] lastRows;

    private CpuBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long warmup = args.length > 2 ? Long.parseLong(args[2]) : 5;
        String workload = args.length > 3 ? args[3] : "cpu";
        Runnable op = switch (workload) {
            case "cpu" -> new Sort();
            case "alloc" -> CpuBench::allocate;
            default -> throw new IllegalArgumentException("workload must be cpu or alloc, not " + workload);
        };
        run(threads, warmup, new LongAdder(), op);
        LongAdder ops = new LongAdder();
        long start = System.nanoTime();
        run(threads, seconds, ops, op);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("ops/s %.1f%n", ops.sum() / elapsed);
    }

    /** Runs {@code op} on each thread until {@code seconds} have passed; a {@link Sort} is copied per thread. */
    private static void run(int threads, long seconds, LongAdder ops, Runnable op) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            Runnable mine = op instanceof Sort ? new Sort() : op;
            workers[t] = new Thread(() -> {
                while (System.nanoTime() < end) {
                    mine.run();
                    ops.increment();
                }
            }, "bench-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /** The cpu workload: one thread's reused array, refilled pseudo-randomly and sorted. */
    private static final class Sort implements Runnable {
        private final int[] data = new int[512];
        private long seed = 42;

        @Override
        public void run() {
            for (int i = 0; i < data.length; i++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                data[i] = (int) (seed >>> 33);
            }
            java.util.Arrays.sort(data);
            sink += data[data.length / 2];
        }
    }

    /** The alloc workload: 64 new long[8] (80 bytes each with the header), filled and summed. */
    private static void allocate() {
        long[][] rows = new long[64][];
        long sum = 0;
        for (int r = 0; r < rows.length; r++) {
            long[] row = new long[8];
            for (int i = 0; i < row.length; i++) {
                row[i] = r * 31L + i;
            }
            rows[r] = row;
            sum += row[r & 7];
        }
        sink += sum;
        lastRows = rows; // escapes, so the JIT cannot take the arrays off the heap
    }
}

package dev.pyrometer.agent.demo;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A CPU-bound throughput benchmark for measuring the javaagent's overhead (bench/agent/): THREADS
 * threads hash and sort small arrays for SECONDS seconds after a warm-up; prints operations per
 * second. Usage: {@code CpuBench [seconds=20] [threads=1] [warmup=5]}.
 */
public final class CpuBench {
    private static volatile long sink;

    private CpuBench() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long warmup = args.length > 2 ? Long.parseLong(args[2]) : 5;
        run(threads, warmup, new LongAdder());
        LongAdder ops = new LongAdder();
        long start = System.nanoTime();
        run(threads, seconds, ops);
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("ops/s %.1f%n", ops.sum() / elapsed);
    }

    private static void run(int threads, long seconds, LongAdder ops) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                int[] data = new int[512];
                long seed = 42;
                while (System.nanoTime() < end) {
                    for (int i = 0; i < data.length; i++) {
                        seed = seed * 6364136223846793005L + 1442695040888963407L;
                        data[i] = (int) (seed >>> 33);
                    }
                    java.util.Arrays.sort(data);
                    sink += data[data.length / 2];
                    ops.increment();
                }
            }, "bench-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }
}

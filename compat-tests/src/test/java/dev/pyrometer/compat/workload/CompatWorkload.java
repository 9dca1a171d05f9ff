package dev.pyrometer.compat.workload;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The JVM workload every Java profiler of these tests runs on: Grafana's Java agent and our
 * {@code -javaagent}. Each kind of work lives in a method with a stable name, so the tests can find it:
 * <ul>
 *   <li>{@link #burnCpu}: one thread spinning on arithmetic, inside the dynamic label
 *       {@value #LABEL_NAME}={@value #LABEL_VALUE} (set through the Pyroscope labels API when that agent is loaded);</li>
 *   <li>{@link #allocate}: 64 KiB allocated every 2 ms and dropped at once;</li>
 *   <li>{@link #holdLock}: two threads taking turns on one monitor, each holding it 20 ms.</li>
 * </ul>
 * Usage: {@code java ... dev.pyrometer.compat.workload.CompatWorkload [seconds]}; without seconds it runs
 * until stopped.
 */
public final class CompatWorkload {
    public static final String LABEL_NAME = "workload";
    public static final String LABEL_VALUE = "hot";

    private static volatile long sink;
    private static volatile byte[] garbage;
    private static final Object LOCK = new Object();

    private CompatWorkload() {
    }

    public static void main(String[] args) throws InterruptedException {
        start("compat-cpu", () -> DynamicLabels.run(LABEL_NAME, LABEL_VALUE, CompatWorkload::burnCpu));
        start("compat-alloc", CompatWorkload::allocate);
        start("compat-lock-1", CompatWorkload::holdLock);
        start("compat-lock-2", CompatWorkload::holdLock);
        System.out.println("compat workload running, pid " + ProcessHandle.current().pid() + ", labels: " + DynamicLabels.describe());
        if (args.length > 0) {
            Thread.sleep(Long.parseLong(args[0]) * 1000);
        } else {
            Thread.currentThread().join();
        }
    }

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    // Each workload method loops forever itself, so the JIT compiles its loop in place (on-stack
    // replacement) and samples land in it, not in a caller it was inlined into.

    static void burnCpu() {
        long x = 1;
        while (true) {
            for (int i = 0; i < 5_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink += x;
        }
    }

    static void allocate() {
        while (true) {
            byte[] chunk = new byte[64 << 10];
            chunk[ThreadLocalRandom.current().nextInt(chunk.length)] = 1;
            garbage = chunk;
            sleep(2);
        }
    }

    static void holdLock() {
        while (true) {
            synchronized (LOCK) {
                sleep(20);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.pyrometer.agent.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM program for the javaagent to profile: one thread in {@link #cpuHeavy} (pure arithmetic, no
 * allocation), one in {@link #allocHeavy} (allocates about 100 MB/s of small arrays in short bursts,
 * mostly asleep, and every tenth burst one array of 4 MiB, too large for a TLAB),
 * and two fighting over a monitor in {@link #lockHeavy}. Runs for the seconds given as its argument,
 * then prints "JvmDemo done" and returns normally. With {@code -Ddemo.awaitAgent=true} the workloads
 * start only once the Pyrometer javaagent is recording (at most 60 s later), so a slow machine
 * cannot make them finish before the agent has begun.
 */
public final class JvmDemo {
    private static volatile long sink;
    private static final Object MONITOR = new Object();

    private JvmDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (Boolean.getBoolean("demo.awaitAgent")) {
            awaitAgent();
        }
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 10;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> cpuHeavy(end), "demo-cpu"));
        threads.add(new Thread(() -> allocHeavy(end), "demo-alloc"));
        threads.add(new Thread(() -> lockHeavy(end), "demo-lock-1"));
        threads.add(new Thread(() -> lockHeavy(end), "demo-lock-2"));
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.println("JvmDemo done");
    }

    private static void awaitAgent() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("pyrometer-agent-jfr-cut"))) {
                System.out.println("JvmDemo: agent is recording");
                return;
            }
            Thread.sleep(50);
        }
        System.out.println("JvmDemo: no agent after 60 s, running anyway");
    }

    static void cpuHeavy(long end) {
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 5_000_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink += x;
        }
    }

    static void allocHeavy(long end) {
        byte[][] keep = new byte[16][];
        byte[] large = new byte[0];
        int i = 0;
        for (int round = 0; System.nanoTime() < end; round++) {
            for (int burst = 0; burst < 64; burst++) {
                keep[i++ & 15] = new byte[16 << 10];
            }
            if (round % 10 == 0) {
                large = new byte[4 << 20];
            }
            sleep(10);
        }
        sink += keep[0].length + large.length;
    }

    static void lockHeavy(long end) {
        while (System.nanoTime() < end) {
            synchronized (MONITOR) {
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

package dev.pyrometer.bench.jfr;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A workload to record with stock async-profiler for {@link JfrParseBench} (see bench/README.md):
 * one thread burns CPU and one allocates 1 KiB arrays, each under a call chain 0-29 frames deeper
 * than its thread's run method, and three threads contend for a monitor and a ReentrantLock.
 * Argument: seconds to run.
 */
public final class JfrWorkload {
    private static final Object MONITOR = new Object();
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile Object sink;

    public static void main(String[] args) throws InterruptedException {
        long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        Thread cpu = new Thread(() -> {
            while (System.nanoTime() < end) {
                deep((int) (System.nanoTime() % 30), () -> sink = burn(200_000));
            }
        });
        Thread alloc = new Thread(() -> {
            while (System.nanoTime() < end) {
                deep((int) (System.nanoTime() % 20), JfrWorkload::allocate);
                pause(2);
            }
        });
        cpu.start();
        alloc.start();
        for (int t = 0; t < 3; t++) {
            new Thread(() -> {
                while (System.nanoTime() < end) {
                    synchronized (MONITOR) {
                        burn(20_000);
                        pause(5);
                    }
                    LOCK.lock();
                    try {
                        pause(5);
                    } finally {
                        LOCK.unlock();
                    }
                }
            }).start();
        }
        cpu.join();
        alloc.join();
    }

    private static long burn(long n) {
        long x = 0;
        for (long i = 0; i < n; i++) {
            x += Long.hashCode(x * 31 + i);
        }
        return x;
    }

    private static void allocate() {
        for (int i = 0; i < 2000; i++) {
            sink = new byte[1024];
        }
    }

    private static void deep(int depth, Runnable work) {
        if (depth == 0) {
            work.run();
        } else {
            deep(depth - 1, work);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JfrWorkload() {
    }
}

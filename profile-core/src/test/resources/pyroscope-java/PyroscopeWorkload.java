import io.pyroscope.labels.v2.LabelsSet;
import io.pyroscope.labels.v2.Pyroscope;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A test program for capturing what io.pyroscope:agent uploads: a CPU-hot method under a dynamic
 * label, an allocating method, a contended monitor and a contended ReentrantLock. Runs for the
 * number of seconds given as the first argument.
 */
public class PyroscopeWorkload {
    static volatile long sink;
    static final Object MONITOR = new Object();
    static final ReentrantLock LOCK = new ReentrantLock();

    static long burnCpu(long iterations) {
        long x = 1;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    static List<byte[]> allocate() {
        List<byte[]> keep = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            keep.add(new byte[1024]);
        }
        return keep;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void holdMonitor() throws InterruptedException {
        synchronized (MONITOR) {
            Thread.sleep(20);
        }
    }

    static void holdLock() throws InterruptedException {
        LOCK.lock();
        try {
            Thread.sleep(20);
        } finally {
            LOCK.unlock();
        }
    }

    public static void main(String[] args) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[0]));
        List<Thread> threads = new ArrayList<>();
        threads.add(new Thread(() -> {
            while (System.nanoTime() < deadline) {
                Pyroscope.LabelsWrapper.run(new LabelsSet("workload", "hot"), () -> { sink += burnCpu(200_000_000); });
            }
        }, "cpu"));
        threads.add(new Thread(() -> {
            while (System.nanoTime() < deadline) {
                Pyroscope.LabelsWrapper.run(new LabelsSet("workload", "alloc"), () -> {
                    for (int i = 0; i < 20; i++) {
                        sink += allocate().size();
                        pause(5);
                    }
                });
            }
        }, "alloc"));
        for (int t = 0; t < 3; t++) {
            threads.add(new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        holdMonitor();
                        holdLock();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "locker-" + t));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }
}

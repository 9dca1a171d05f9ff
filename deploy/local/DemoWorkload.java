// A small JVM program for ./run.sh to profile with the agent's -javaagent mode when Go is not
// installed. Run from source (Java 11+ launches a single file without a build step):
//
//   java -javaagent:agent-client/target/agent-client-<version>.jar=service_name=demo-jvm,server=127.0.0.1:4100 \
//        deploy/local/DemoWorkload.java
//
// Each workload lives in a method with a stable name, so people and tests can find it:
//   DemoWorkload.burnCpu      CPU: one thread spinning on arithmetic
//   DemoWorkload.allocate     allocations: 64 KiB every 5 ms, dropped at once
//   DemoWorkload.holdLock     lock contention: two threads taking turns on one monitor
// It runs until it is stopped (SIGTERM or Ctrl-C).

import java.util.concurrent.ThreadLocalRandom;

public final class DemoWorkload {
    private static volatile long sink;
    private static volatile byte[] garbage;
    private static final Object LOCK = new Object();

    public static void main(String[] args) throws InterruptedException {
        start("demo-cpu", DemoWorkload::burnCpuForever);
        start("demo-alloc", DemoWorkload::allocateForever);
        start("demo-lock-1", DemoWorkload::holdLockForever);
        start("demo-lock-2", DemoWorkload::holdLockForever);
        System.out.println("demo-jvm running, pid " + ProcessHandle.current().pid());
        Thread.currentThread().join();
    }

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void burnCpuForever() {
        while (true) {
            sink += burnCpu(5_000_000);
        }
    }

    static long burnCpu(int rounds) {
        long x = 1;
        for (int i = 0; i < rounds; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }

    private static void allocateForever() {
        while (true) {
            garbage = allocate(64 << 10);
            sleep(5);
        }
    }

    static byte[] allocate(int bytes) {
        byte[] chunk = new byte[bytes];
        chunk[ThreadLocalRandom.current().nextInt(bytes)] = 1;
        return chunk;
    }

    private static void holdLockForever() {
        while (true) {
            holdLock();
        }
    }

    static void holdLock() {
        synchronized (LOCK) {
            sleep(20);
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

package dev.pyrometer.bench.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Load generators' client threads: each runs one call after another until the phase's time is up. */
public final class Clients {
    private Clients() {
    }

    /** Runs {@code call} in a loop on {@code clients} threads for {@code duration}, and waits for all of them. */
    public static void loop(int clients, Duration duration, Runnable call) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    call.run();
                }
            }, "client-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}

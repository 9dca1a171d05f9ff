package dev.pyrometer.storage.db;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The one daemon thread a background check runs on: it never keeps the JVM alive, and stopping waits for a check in flight. */
final class ProbeThread {
    private ProbeThread() {
    }

    /** A single-thread scheduler whose thread is a daemon named {@code name}. */
    static ScheduledExecutorService named(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Interrupts the scheduler's thread and waits up to 5 s for its check in flight to end. */
    static void stop(ScheduledExecutorService scheduler) {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.pyrometer.storage.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition in tests: polls it, never asserts how long it took. */
public final class Awaits {
    private static final long POLL_MILLIS = 50;

    private Awaits() {
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code patience}. */
    public static void until(String what, Duration patience, BooleanSupplier condition) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting (" + patience.toSeconds() + " s) until " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }
}

package dev.pyrometer.compat.stack;

import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polling for a condition, once a second, until a deadline: no fixed sleeps. */
public final class Await {
    private Await() {
    }

    /**
     * Calls {@code probe} until its answer passes {@code done} and returns that answer; fails after
     * {@code deadline} with {@code what}, the last answer or error, and {@code diagnostics}.
     */
    public static <T> T until(String what, Instant deadline, Callable<T> probe, Predicate<T> done, Supplier<String> diagnostics)
            throws InterruptedException {
        T last = null;
        Exception error = null;
        while (true) {
            try {
                last = probe.call();
                error = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                error = e;
            }
            if (Instant.now().isAfter(deadline)) {
                String answer = error != null ? "last error: " + error : "last answer: " + abbreviate(String.valueOf(last));
                throw new AssertionError("waited in vain for " + what + "; " + answer + "\n" + diagnostics.get());
            }
            Thread.sleep(1000);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 2000 ? text : text.substring(0, 2000) + "…";
    }
}

package dev.pyrometer.agent.sidecar;

import dev.pyrometer.agent.log.AgentLog;

import java.util.concurrent.TimeUnit;

/**
 * Logs an endpoint's failures without flooding: the first failure in a row as a warning, then one
 * reminder every five minutes while it lasts, and one line when it works again.
 */
final class ScrapeHealth {
    private static final long REMIND_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final String endpoint;
    private int failuresInARow;
    private long lastWarnNanos;

    ScrapeHealth(String endpoint) {
        this.endpoint = endpoint;
    }

    void failed(String what) {
        long now = System.nanoTime();
        failuresInARow++;
        if (failuresInARow == 1 || now - lastWarnNanos >= REMIND_NANOS) {
            lastWarnNanos = now;
            AgentLog.warn("scraping " + endpoint + " failed" + (failuresInARow > 1 ? " (" + failuresInARow + " times in a row)" : "")
                    + ": " + what);
        } else {
            AgentLog.debug("scraping " + endpoint + " failed again: " + what);
        }
    }

    void succeeded() {
        if (failuresInARow > 0) {
            AgentLog.info("scraping " + endpoint + " works again after " + failuresInARow + " failures");
            failuresInARow = 0;
        }
    }
}

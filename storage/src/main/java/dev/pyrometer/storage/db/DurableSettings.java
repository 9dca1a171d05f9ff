package dev.pyrometer.storage.db;

import java.util.function.BiConsumer;

/**
 * The server settings that make an acknowledged commit durable. The embedded server's library
 * defaults turn fsync and synchronous commit off for speed; Pyrometer answers ACCEPTED only after
 * its commit, so it needs both on. Batched writes keep the cost of the flush small.
 */
public final class DurableSettings {
    private DurableSettings() {
    }

    /** Passes each setting (name, value) to {@code setting}. */
    public static void apply(BiConsumer<String, String> setting) {
        setting.accept("fsync", "on");
        setting.accept("synchronous_commit", "on");
        setting.accept("full_page_writes", "on");
    }
}

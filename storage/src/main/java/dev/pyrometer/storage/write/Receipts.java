package dev.pyrometer.storage.write;

import dev.pyrometer.storage.dictionary.ContentHash;

/** The stored form of a sender's idempotency id: the first 8 bytes of its SHA-256. */
public final class Receipts {
    private Receipts() {
    }

    public static long of(String idempotencyId) {
        return ContentHash.ofString(idempotencyId);
    }
}

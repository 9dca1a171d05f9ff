package dev.pyrometer.storage.write;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.ByteBuffer;

/** The stored form of a sender's idempotency id: the first 8 bytes of its SHA-256. */
public final class Receipts {
    private Receipts() {
    }

    public static long of(String idempotencyId) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(idempotencyId.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

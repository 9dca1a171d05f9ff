package dev.pyrometer.storage.dictionary;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * 64-bit content hashes (the first 8 bytes of SHA-256) that key the symbol dictionaries. Every
 * part is length-prefixed, so ("ab","c") and ("a","bc") differ. At 64 bits the chance of two
 * symbols of one tenant colliding stays below 1e-6 up to six million symbols.
 */
public final class ContentHash {
    private ContentHash() {
    }

    public static long ofStrings(String first, String second) {
        byte[] a = first.getBytes(StandardCharsets.UTF_8);
        byte[] b = second.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(8 + a.length + b.length);
        buffer.putInt(a.length).put(a).putInt(b.length).put(b);
        return digest(buffer.array());
    }

    /** The hash of one string, e.g. a sender's idempotency id. */
    public static long ofString(String text) {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    public static long ofLongs(long... values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 8 * values.length);
        buffer.putInt(values.length);
        for (long value : values) {
            buffer.putLong(value);
        }
        return digest(buffer.array());
    }

    private static long digest(byte[] bytes) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
            return ByteBuffer.wrap(sha, 0, 8).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

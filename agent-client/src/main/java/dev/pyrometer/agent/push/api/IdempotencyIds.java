package dev.pyrometer.agent.push.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes idempotency ids. A running agent numbers its profiles under a random 64-bit instance id
 * ({@code 3f9c0d12aa4b7e01-17}): unique across agents and restarts without coordination, short, and
 * assigned once per profile so every retry repeats it. One-shot pushes use a content id instead.
 */
public final class IdempotencyIds {
    private final String instance;
    private final AtomicLong sequence = new AtomicLong();

    public IdempotencyIds() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        this.instance = HexFormat.of().formatHex(random);
    }

    public String next() {
        return instance + "-" + sequence.incrementAndGet();
    }

    /**
     * An id that depends only on the content: the same file, labels, name and window give the same
     * id, so pushing it again stores nothing new.
     */
    public static String forContent(byte[] pprof, Map<String, String> labels, String profileName, long startNanos, long endNanos) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(pprof);
            sha.update(new java.util.TreeMap<>(labels).toString().getBytes(StandardCharsets.UTF_8));
            sha.update(("\0" + profileName + "\0" + startNanos + "\0" + endNanos).getBytes(StandardCharsets.UTF_8));
            return "sha256-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}

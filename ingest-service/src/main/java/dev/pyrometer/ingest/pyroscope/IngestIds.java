package dev.pyrometer.ingest.pyroscope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids for pushes that carry none (Pyroscope's {@code /ingest}, Connect samples without an ID): a
 * SHA-256 of the request's content, independent of the tenant, so that a retried request gets the
 * same id and is recognized as a duplicate instead of being counted twice.
 */
public final class IngestIds {
    private IngestIds() {
    }

    /** 32 hex characters of the SHA-256 of each part, length-prefixed so that parts cannot run together. */
    public static String of(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(Integer.toString(part.length).getBytes(StandardCharsets.US_ASCII));
                digest.update((byte) ':');
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static byte[] utf8(String text) {
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }
}

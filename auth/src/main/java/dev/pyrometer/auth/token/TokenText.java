package dev.pyrometer.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token's text form, {@code pyro_<publicId>_<secret>}: publicId is 12 characters of [A-Za-z0-9] (the lookup
 * key, safe to log), secret is 32 random bytes in unpadded base64url (43 characters). Only SHA-256 of the secret's
 * text is stored: secrets are uniformly random, so a fast hash cannot be brute-forced.
 */
public record TokenText(String publicId, String secret) {
    public static final String PREFIX = "pyro_";
    public static final int PUBLIC_ID_LENGTH = 12;
    static final int SECRET_BYTES = 32;
    private static final int SECRET_LENGTH = 43;
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new random token. */
    public static TokenText generate() {
        StringBuilder id = new StringBuilder(PUBLIC_ID_LENGTH);
        for (int i = 0; i < PUBLIC_ID_LENGTH; i++) {
            id.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return new TokenText(id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** The parsed token, or null when {@code text} is not of the form {@code pyro_<12 id chars>_<43 secret chars>}. */
    public static TokenText parse(String text) {
        if (text == null || text.length() != PREFIX.length() + PUBLIC_ID_LENGTH + 1 + SECRET_LENGTH
                || !text.startsWith(PREFIX) || text.charAt(PREFIX.length() + PUBLIC_ID_LENGTH) != '_') {
            return null;
        }
        String id = text.substring(PREFIX.length(), PREFIX.length() + PUBLIC_ID_LENGTH);
        String secret = text.substring(PREFIX.length() + PUBLIC_ID_LENGTH + 1);
        if (!isPublicId(id) || !secret.chars().allMatch(TokenText::isBase64Url)) {
            return null;
        }
        return new TokenText(id, secret);
    }

    /** Whether {@code id} has the shape of a public id (12 of [A-Za-z0-9]). */
    public static boolean isPublicId(String id) {
        return id != null && id.length() == PUBLIC_ID_LENGTH && id.chars().allMatch(c -> ALPHANUMERIC.indexOf(c) >= 0);
    }

    /** SHA-256 of the secret's UTF-8 text: what the database keeps. */
    public byte[] secretHash() {
        return sha256(secret);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The full token text; show it once, never log it. */
    public String text() {
        return PREFIX + publicId + "_" + secret;
    }

    /** Never the secret: records print their fields, so this one does not. */
    @Override
    public String toString() {
        return "TokenText[" + publicId + "]";
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}

package dev.pyrometer.query.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local admin's password hash: PBKDF2-HMAC-SHA256, written {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} (salt
 * and hash base64url without padding). Passwords are chosen by people, so the hash is slow on purpose. As a
 * program it reads one password line from standard input and prints its hash, for
 * {@code PYROMETER_ADMIN_PASSWORD_HASH}.
 */
public final class PasswordHash {
    static final String PREFIX = "pbkdf2-sha256";
    static final int ITERATIONS = 310_000;
    private static final int BITS = 256;

    private PasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return PREFIX + ":" + ITERATIONS + ":" + b64(salt) + ":" + b64(derive(password, salt, ITERATIONS));
    }

    /** Whether {@code password} matches {@code encoded}; IllegalArgumentException when {@code encoded} is not a hash of this form. */
    public static boolean matches(String password, String encoded) {
        String[] parts = encoded.trim().split(":");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("the admin password hash must read " + PREFIX + ":ITERATIONS:SALT:HASH");
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getUrlDecoder().decode(parts[2]);
        byte[] expected = Base64.getUrlDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static void main(String[] args) throws IOException {
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            System.err.println("give the password on standard input, e.g.: read -rs P && printf '%s\\n' \"$P\" | java -cp ... " + PasswordHash.class.getName());
            System.exit(2);
        }
        System.out.println(hash(password));
    }
}

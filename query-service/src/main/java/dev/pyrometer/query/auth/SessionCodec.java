package dev.pyrometer.query.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Session cookies that need no server-side state, so every replica with the same key reads them: the
 * {@link Session} encrypted and authenticated with AES-256-GCM (a changed byte fails to open). The cookie holds the
 * token itself so each request re-checks it through the Authenticator (a revoked or expired token ends the session
 * within the Authenticator's cache time); it never leaves the server readable. CSRF tokens are an HMAC of the
 * cookie value under a second key, so they need no state either.
 */
public final class SessionCodec {
    private static final Logger log = LoggerFactory.getLogger(SessionCodec.class);
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String VERSION = "v1";

    /** What a session stands for: a token (its full text) or the local admin (its user name), until {@code expires}. */
    public record Session(Kind kind, String credential, Instant expires) {
        public enum Kind { TOKEN, ADMIN }
    }

    private final SecretKeySpec encryption;
    private final SecretKeySpec signing;
    private final SecureRandom random = new SecureRandom();

    /** {@code keyBase64}: at least 32 bytes; empty for a random per-process key. */
    public SessionCodec(String keyBase64) {
        byte[] master;
        if (keyBase64 == null || keyBase64.isBlank()) {
            master = new byte[32];
            random.nextBytes(master);
            log.info("PYROMETER_SESSION_KEY is not set: dashboard sessions hold only on this process; set the same key on every replica");
        } else {
            try {
                master = Base64.getDecoder().decode(keyBase64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PYROMETER_SESSION_KEY must be base64 (e.g. `openssl rand -base64 32`)");
            }
            if (master.length < 32) {
                throw new IllegalArgumentException("PYROMETER_SESSION_KEY must hold at least 32 bytes (e.g. `openssl rand -base64 32`); it holds "
                        + master.length);
            }
        }
        encryption = new SecretKeySpec(hmac(master, "pyrometer session encryption"), "AES");
        signing = new SecretKeySpec(hmac(master, "pyrometer session csrf"), "HmacSHA256");
    }

    public String seal(Session session) {
        byte[] plain = String.join("\n", VERSION, session.kind().name(), Long.toString(session.expires().getEpochSecond()),
                session.credential()).getBytes(StandardCharsets.UTF_8);
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryption, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plain);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** The session in {@code cookie}, if it opens (right key, unchanged) and has not expired at {@code now}. */
    public Optional<Session> open(String cookie, Instant now) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(cookie);
            if (bytes.length <= IV_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryption, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            String[] fields = new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8).split("\n", 4);
            if (fields.length != 4 || !fields[0].equals(VERSION)) {
                return Optional.empty();
            }
            Session session = new Session(Session.Kind.valueOf(fields[1]), fields[3], Instant.ofEpochSecond(Long.parseLong(fields[2])));
            return session.expires().isAfter(now) ? Optional.of(session) : Optional.empty();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The CSRF token of a session cookie: state-changing requests made with the cookie send it back in a header. */
    public String csrfToken(String cookie) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(signing);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(cookie.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code presented} is the CSRF token of {@code cookie} (constant-time). */
    public boolean csrfMatches(String cookie, String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken(cookie).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

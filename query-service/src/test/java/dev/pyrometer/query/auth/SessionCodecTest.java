package dev.pyrometer.query.auth;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionCodecTest {
    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final SessionCodec.Session SESSION = new SessionCodec.Session(SessionCodec.Session.Kind.TOKEN, "pyro_abc_secret",
            NOW.plusSeconds(60));

    @Test
    void aSealedSessionOpensWithTheSameKeyOnAnyReplicaUntilItExpires() {
        String cookie = new SessionCodec(KEY).seal(SESSION);
        assertThat(cookie).doesNotContain("pyro_abc_secret").doesNotContain("secret");
        assertThat(new SessionCodec(KEY).open(cookie, NOW)).contains(SESSION);
        assertThat(new SessionCodec(KEY).open(cookie, NOW.plusSeconds(60))).isEmpty();
        assertThat(new SessionCodec(Base64.getEncoder().encodeToString("another key of at least 32 bytes!".getBytes())).open(cookie, NOW)).as("another key").isEmpty();
    }

    @Test
    void aChangedCookieDoesNotOpen() {
        String cookie = new SessionCodec(KEY).seal(SESSION);
        char last = cookie.charAt(cookie.length() - 2);
        String changed = cookie.substring(0, cookie.length() - 2) + (last == 'A' ? 'B' : 'A') + cookie.charAt(cookie.length() - 1);
        assertThat(new SessionCodec(KEY).open(changed, NOW)).isEmpty();
        assertThat(new SessionCodec(KEY).open("not a cookie", NOW)).isEmpty();
    }

    @Test
    void theCsrfTokenBelongsToItsCookie() {
        SessionCodec codec = new SessionCodec(KEY);
        String one = codec.seal(SESSION);
        String two = codec.seal(SESSION);
        assertThat(codec.csrfMatches(one, codec.csrfToken(one))).isTrue();
        assertThat(codec.csrfMatches(one, codec.csrfToken(two))).isFalse();
        assertThat(codec.csrfMatches(one, null)).isFalse();
    }

    @Test
    void aShortKeyIsRefusedWithHowToMakeOne() {
        assertThatThrownBy(() -> new SessionCodec(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("at least 32 bytes").hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void theLimiterHoldsEachTenantToItsOwnConcurrency() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TenantQueryLimiter limiter = new TenantQueryLimiter(2, t -> t.equals("small") ? OptionalInt.of(1) : OptionalInt.empty(), registry);
        TenantQueryLimiter.Slot a1 = limiter.tryAcquire("a");
        TenantQueryLimiter.Slot a2 = limiter.tryAcquire("a");
        assertThat(limiter.tryAcquire("a")).isNull();
        assertThat(limiter.tryAcquire("b")).as("another tenant is not held back").isNotNull();
        assertThat(limiter.tryAcquire("small")).isNotNull();
        assertThat(limiter.tryAcquire("small")).isNull();
        a1.close();
        a1.close();
        assertThat(limiter.tryAcquire("a")).as("a slot frees once, however often closed").isNotNull();
        assertThat(limiter.tryAcquire("a")).isNull();
        a2.close();
        assertThat(registry.get("pyrometer.query.tenant.limited").tag("tenant", "a").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("pyrometer.query.tenant.limited").tag("tenant", "small").counter().count()).isEqualTo(1.0);
    }

    @Test
    void passwordHashesVerify() {
        String hash = PasswordHash.hash("correct horse");
        assertThat(hash).startsWith("pbkdf2-sha256:310000:");
        assertThat(PasswordHash.matches("correct horse", hash)).isTrue();
        assertThat(PasswordHash.matches("wrong", hash)).isFalse();
    }
}

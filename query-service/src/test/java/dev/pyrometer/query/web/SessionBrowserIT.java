package dev.pyrometer.query.web;

import dev.pyrometer.auth.Scope;
import dev.pyrometer.auth.token.NewToken;
import dev.pyrometer.auth.token.TokenService;
import dev.pyrometer.query.support.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard with tokens required, over HTTPS (a certificate made at test time), in Chromium
 * (web/e2e/session.mjs): no data without a session, sign-in with a token for two tenants, the cookie's flags,
 * the tenant switcher, the go tool pprof command's placeholder, sign-out.
 */
class SessionBrowserIT {
    private static final Instant NOW = Instant.now();
    @TempDir
    static Path tls;
    private static BrowserRun run;

    @BeforeAll
    static void start() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        TestCertificate certificate = TestCertificate.create(tls);
        String[] settings = concat(certificate.serverSettings(), "--pyrometer.auth.mode=tokens",
                "--pyrometer.session.key=" + Base64.getEncoder().encodeToString(key));
        run = BrowserRun.over(TenantsSeed.create(NOW), settings);
    }

    @AfterAll
    static void stop() {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void signInSwitchTenantSignOut() throws Exception {
        assertThat(run.baseUrl()).startsWith("https://");
        TokenService tokens = run.bean(TokenService.class);
        String ab = tokens.create(NewToken.of("dashboard-ab", Set.of(TenantsSeed.A, TenantsSeed.B), Set.of(Scope.READ), null), "test").token();
        String push = tokens.create(NewToken.of("pusher-a", Set.of(TenantsSeed.A), Set.of(Scope.PUSH), null), "test").token();
        run.passes("e2e/session.mjs", Map.of(
                "E2E_TOKEN_AB", ab,
                "E2E_TOKEN_PUSH", push,
                "E2E_A", TenantsSeed.A,
                "E2E_B", TenantsSeed.B,
                "E2E_A_SERVICES", String.join(",", TenantsSeed.A_SERVICES),
                "E2E_B_SERVICES", String.join(",", TenantsSeed.B_SERVICES),
                "E2E_C_SERVICE", TenantsSeed.C_SERVICE),
                List.of("signin", "signed-in-a", "signed-in-b", "signed-out"));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}

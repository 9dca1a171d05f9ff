package dev.pyrometer.auth.token;

import dev.pyrometer.auth.AdminException;
import dev.pyrometer.auth.AuditLog;
import dev.pyrometer.auth.AuthException;
import dev.pyrometer.auth.Principal;
import dev.pyrometer.auth.Scope;
import dev.pyrometer.auth.support.AuditCapture;
import dev.pyrometer.auth.support.AuthStore;
import dev.pyrometer.auth.support.MutableClock;
import dev.pyrometer.auth.tenant.TenantService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenServiceTest {
    private static AuthStore store;

    @BeforeAll
    static void start() {
        store = new AuthStore("pyrometer.auth.cache-ttl=0s");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    /** A TokenService on the shared store with its own clock and cache, like a second replica. */
    private static TokenService replica(Clock clock, Duration cacheTtl, LastUsedRecorder lastUsed) {
        return new TokenService(store.bean(ApiTokenRepository.class), store.bean(TenantService.class), new AuditLog(),
                store.bean(TransactionTemplate.class), clock, cacheTtl, lastUsed);
    }

    private static LastUsedRecorder manualRecorder() {
        return new LastUsedRecorder(Duration.ofMinutes(1), Duration.ZERO, store.bean(ApiTokenRepository.class)::markUsed);
    }

    @Test
    void createdTokenVerifiesToItsTenantsAndScopes() {
        TokenService tokens = store.bean(TokenService.class);
        CreatedToken created = tokens.create(NewToken.of("ci", Set.of("team-a", "team-b"), EnumSet.of(Scope.PUSH, Scope.READ), null), "test");

        assertThat(created.token()).startsWith("pyro_" + created.view().publicId() + "_").hasSize(5 + 12 + 1 + 43);
        assertThat(created.toString()).doesNotContain(created.token());
        Principal principal = tokens.verify(created.token());
        assertThat(principal).isEqualTo(new Principal("token " + created.view().publicId(), Set.of("team-a", "team-b"),
                EnumSet.of(Scope.PUSH, Scope.READ), false));
        assertThat(created.view().status()).isEqualTo("active");
        assertThat(created.view().tenants()).containsExactly("team-a", "team-b");
        assertThat(created.view().scopes()).containsExactly("push", "read");
        assertThat(tokens.list("team-b")).extracting(TokenView::publicId).contains(created.view().publicId());
        assertThat(tokens.list("team-c")).extracting(TokenView::publicId).doesNotContain(created.view().publicId());
    }

    @Test
    void everyTenantTokenIsAnyTenant() {
        TokenService tokens = store.bean(TokenService.class);
        CreatedToken created = tokens.create(NewToken.of("ops", Set.of("*"), EnumSet.of(Scope.ADMIN), null), "test");
        Principal principal = tokens.verify(created.token());
        assertThat(principal.anyTenant()).isTrue();
        assertThat(principal.tenant("whatever")).isEqualTo("whatever");
        assertThat(created.view().tenants()).containsExactly("*");
        assertThat(tokens.list("anything")).extracting(TokenView::publicId).contains(created.view().publicId());
    }

    @Test
    void wrongSecretUnknownIdAndMalformedTextAreUnauthenticated() {
        TokenService tokens = store.bean(TokenService.class);
        CreatedToken created = tokens.create(NewToken.of("x", Set.of("team-a"), EnumSet.of(Scope.READ), null), "test");
        String token = created.token();
        String tail = token.endsWith("AAAA") ? "BBBB" : "AAAA";
        String wrongSecret = token.substring(0, token.length() - 4) + tail;
        String unknownId = "pyro_ZZZZZZZZZZZZ_" + token.substring(18);
        assertThatThrownBy(() -> tokens.verify(wrongSecret)).isInstanceOf(AuthException.class)
                .hasMessage("wrong secret for token " + created.view().publicId())
                .extracting(e -> ((AuthException) e).kind()).isEqualTo(AuthException.Kind.UNAUTHENTICATED);
        assertThatThrownBy(() -> tokens.verify(unknownId)).hasMessage("unknown token ZZZZZZZZZZZZ");
        assertThatThrownBy(() -> tokens.verify("hunter2")).hasMessage("malformed token: expected pyro_<id>_<secret>");
        assertThatThrownBy(() -> tokens.verify(null)).hasMessage("malformed token: expected pyro_<id>_<secret>");
    }

    @Test
    void revocationReachesAReplicaWithACacheWithinItsTtl() throws InterruptedException {
        TokenService admin = store.bean(TokenService.class);
        TokenService replica = replica(Clock.systemUTC(), Duration.ofMillis(300), manualRecorder());
        CreatedToken created = admin.create(NewToken.of("r", Set.of("team-a"), EnumSet.of(Scope.PUSH), null), "test");
        assertThat(replica.verify(created.token()).tenants()).containsExactly("team-a");

        TokenView revoked = admin.revoke(created.view().publicId(), "test");
        assertThat(revoked.status()).isEqualTo("revoked");
        assertThatThrownBy(() -> admin.verify(created.token())).hasMessage("token " + created.view().publicId() + " is revoked");
        // The replica's cached entry expires after its ttl; from then on the token is refused there too.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        AtomicReference<Throwable> refusal = new AtomicReference<>();
        while (refusal.get() == null && System.nanoTime() < deadline) {
            try {
                replica.verify(created.token());
                Thread.sleep(50);
            } catch (AuthException e) {
                refusal.set(e);
            }
        }
        assertThat(refusal.get()).hasMessage("token " + created.view().publicId() + " is revoked");
        assertThat(admin.revoke(created.view().publicId(), "test").revokedAt()).isEqualTo(revoked.revokedAt());
    }

    @Test
    void expiryIsCheckedOnEveryCallEvenWhenCached() {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
        TokenService tokens = replica(clock, Duration.ofSeconds(60), manualRecorder());
        CreatedToken created = tokens.create(NewToken.of("e", Set.of("team-a"), EnumSet.of(Scope.READ),
                Instant.parse("2030-01-01T01:00:00Z")), "test");
        assertThat(tokens.verify(created.token()).tenants()).containsExactly("team-a");
        clock.now = Instant.parse("2030-01-01T01:00:00Z");
        assertThatThrownBy(() -> tokens.verify(created.token()))
                .hasMessage("token " + created.view().publicId() + " expired at 2030-01-01T01:00:00Z");
        assertThat(tokens.get(created.view().publicId()).status()).isEqualTo("expired");
        assertThatThrownBy(() -> tokens.create(NewToken.of("past", Set.of("team-a"), EnumSet.of(Scope.READ),
                Instant.parse("2030-01-01T00:59:00Z")), "test"))
                .isInstanceOf(AdminException.class).hasMessage("expiry 2030-01-01T00:59:00Z is not in the future");
    }

    @Test
    void lastUseIsWrittenAtMostOncePerMinute() {
        MutableClock clock = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));
        LastUsedRecorder recorder = manualRecorder();
        TokenService tokens = replica(clock, Duration.ZERO, recorder);
        CreatedToken created = tokens.create(NewToken.of("u", Set.of("team-a"), EnumSet.of(Scope.READ), null), "test");
        tokens.verify(created.token());
        assertThat(tokens.get(created.view().publicId()).lastUsedAt()).isNull();
        assertThat(recorder.flush()).isEqualTo(1);
        assertThat(tokens.get(created.view().publicId()).lastUsedAt()).isEqualTo(Instant.parse("2031-01-01T00:00:00Z"));

        clock.now = Instant.parse("2031-01-01T00:00:30Z");
        tokens.verify(created.token());
        assertThat(recorder.flush()).isZero();
        clock.now = Instant.parse("2031-01-01T00:01:00Z");
        tokens.verify(created.token());
        assertThat(recorder.flush()).isEqualTo(1);
        assertThat(tokens.get(created.view().publicId()).lastUsedAt()).isEqualTo(Instant.parse("2031-01-01T00:01:00Z"));
    }

    @Test
    void onlyTheSecretsHashIsStored() throws SQLException {
        TokenService tokens = store.bean(TokenService.class);
        CreatedToken created = tokens.create(NewToken.of("h", Set.of("team-h"), EnumSet.of(Scope.PUSH), null), "test");
        String secret = created.token().substring(("pyro_" + created.view().publicId() + "_").length());
        String secretHex = HexFormat.of().formatHex(Base64.getUrlDecoder().decode(secret));
        String secretTextHex = HexFormat.of().formatHex(secret.getBytes());

        List<String> rows = new ArrayList<>();
        try (Connection connection = store.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String table : List.of("api_tokens", "api_token_tenants", "tenant")) {
                try (ResultSet result = statement.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
            }
        }
        assertThat(String.join("\n", rows)).contains(created.view().publicId())
                .doesNotContain(secret).doesNotContainIgnoringCase(secretHex).doesNotContainIgnoringCase(secretTextHex)
                .containsIgnoringCase(HexFormat.of().formatHex(TokenText.sha256(secret)));
    }

    @Test
    void creationAndRevocationAreAuditedWithoutTheSecret() {
        TokenService tokens = store.bean(TokenService.class);
        try (AuditCapture audit = new AuditCapture()) {
            CreatedToken created = tokens.create(NewToken.of("audited token", Set.of("team-a"), EnumSet.of(Scope.PUSH, Scope.ADMIN),
                    null), "cli");
            tokens.revoke(created.view().publicId(), "token abcdefghijkl");
            String id = created.view().publicId();
            assertThat(audit.lines()).containsExactly(
                    "event=token_created actor=cli token=" + id + " name=\"audited token\" tenants=team-a scopes=push,admin expires_at=never",
                    "event=token_revoked actor=\"token abcdefghijkl\" token=" + id);
        }
    }

    @Test
    void invalidRequestsNameTheProblem() {
        TokenService tokens = store.bean(TokenService.class);
        assertThatThrownBy(() -> tokens.create(NewToken.of(" ", Set.of("a"), EnumSet.of(Scope.READ), null), "t"))
                .hasMessage("token name must be 1 to 200 printable characters");
        assertThatThrownBy(() -> tokens.create(NewToken.of("n", Set.of(), EnumSet.of(Scope.READ), null), "t"))
                .hasMessage("a token needs at least one tenant (or * for every tenant)");
        assertThatThrownBy(() -> tokens.create(NewToken.of("n", Set.of("a b"), EnumSet.of(Scope.READ), null), "t"))
                .hasMessage("invalid tenant name 'a b': use 1 to 64 of [A-Za-z0-9_.-]");
        assertThatThrownBy(() -> tokens.revoke("nosuchtoken1", "t")).isInstanceOf(AdminException.class)
                .hasMessage("no token nosuchtoken1");
    }
}

package dev.pyrometer.auth;

import dev.pyrometer.auth.support.AuditCapture;
import dev.pyrometer.auth.support.AuthStore;
import dev.pyrometer.auth.token.CreatedToken;
import dev.pyrometer.auth.token.NewToken;
import dev.pyrometer.auth.token.TokenService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenAuthenticatorTest {
    private static AuthStore store;
    private static TokenAuthenticator authenticator;
    private static CreatedToken twoTenants;

    @BeforeAll
    static void start() {
        store = new AuthStore();
        authenticator = new TokenAuthenticator(store.bean(TokenService.class), store.bean(AuditLog.class));
        twoTenants = store.bean(TokenService.class).create(NewToken.of("two", Set.of("team-a", "team-b"),
                EnumSet.of(Scope.READ), null), "test");
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerGivesTheTokensTenantsAndNarrowingFollowsTheRules() {
        Principal principal = authenticator.authenticate("Bearer " + twoTenants.token());
        assertThat(principal.tenants()).containsExactly("team-a", "team-b");
        assertThat(principal.tenant("team-b")).isEqualTo("team-b");
        assertThatThrownBy(() -> principal.tenant("team-c")).isInstanceOf(AuthException.class)
                .hasMessage("token may not access tenant team-c")
                .extracting(e -> ((AuthException) e).kind()).isEqualTo(AuthException.Kind.PERMISSION_DENIED);
        assertThatThrownBy(() -> principal.tenant(null)).hasMessageStartingWith("token has several tenants [team-a, team-b]");
        assertThatThrownBy(() -> principal.require(Scope.PUSH)).hasMessage("token lacks scope push (it has read)");
        assertThat(authenticator.authenticate("bearer  " + twoTenants.token() + " ").tenants()).hasSize(2);
    }

    @Test
    void basicTakesTheTokenAsPasswordAndATenantUserNarrows() {
        assertThat(authenticator.authenticate(basic("team-a", twoTenants.token())).tenant(null)).isEqualTo("team-a");
        assertThat(authenticator.authenticate(basic("someone", twoTenants.token())).tenants()).containsExactly("team-a", "team-b");
        assertThat(authenticator.authenticate(basic(twoTenants.token(), "")).tenants()).containsExactly("team-a", "team-b");
        assertThatThrownBy(() -> authenticator.authenticate(basic("team-a", twoTenants.token())).tenant("team-b"))
                .hasMessage("token may not access tenant team-b");
    }

    @Test
    void refusalsAreUnauthenticatedAndAudited() {
        String wrong = twoTenants.token().substring(0, twoTenants.token().length() - 1)
                + (twoTenants.token().endsWith("A") ? "B" : "A");
        try (AuditCapture audit = new AuditCapture()) {
            assertThatThrownBy(() -> authenticator.authenticate(null, "grpc", "10.0.0.1"))
                    .hasMessage("authentication required: send Authorization: Bearer <token> (or HTTP Basic with the token as password)");
            assertThatThrownBy(() -> authenticator.authenticate("Digest abc", "http", null))
                    .hasMessage("unsupported authorization scheme 'Digest': use Bearer <token> or Basic");
            assertThatThrownBy(() -> authenticator.authenticate("Basic %%%", "http", null))
                    .hasMessage("malformed Basic credentials: not base64");
            assertThatThrownBy(() -> authenticator.authenticate("Bearer " + wrong, "http", "10.0.0.2"))
                    .isInstanceOf(AuthException.class)
                    .hasMessage("wrong secret for token " + twoTenants.view().publicId());
            String id = twoTenants.view().publicId();
            assertThat(audit.lines()).containsExactly(
                    "event=auth_failed edge=grpc remote=10.0.0.1 reason=\"authentication required: send Authorization: Bearer <token> (or HTTP Basic with the token as password)\"",
                    "event=auth_failed edge=http reason=\"unsupported authorization scheme 'Digest': use Bearer <token> or Basic\"",
                    "event=auth_failed edge=http reason=\"malformed Basic credentials: not base64\"",
                    "event=auth_failed edge=http remote=10.0.0.2 token=" + id + " reason=\"wrong secret for token " + id + "\"");
            assertThat(String.join("\n", audit.lines())).doesNotContain(wrong.substring(18));
        }
    }

    @Test
    void principalRulesWithoutTokens() {
        assertThat(Principal.ANONYMOUS.tenant(null)).isEqualTo("default");
        assertThat(Principal.ANONYMOUS.tenant("team-x")).isEqualTo("team-x");
        Principal withDefault = new Principal("t", Set.of("default", "team-a"), EnumSet.of(Scope.PUSH), false);
        assertThat(withDefault.tenant("")).isEqualTo("default");
        assertThat(Authenticator.OFF.authenticate("Bearer junk")).isSameAs(Principal.ANONYMOUS);
    }

    @Test
    void settingsResolveByListener() {
        AuthSettings auto = AuthSettings.of("auto", java.time.Duration.ofSeconds(2));
        var loopback = java.util.List.of(new AuthSettings.Listener("gRPC", "127.0.0.1"), new AuthSettings.Listener("HTTP", "::1"));
        assertThat(auto.resolve(loopback, "x.jar").tokensRequired()).isFalse();
        assertThatThrownBy(() -> auto.resolve(java.util.List.of(new AuthSettings.Listener("HTTP", "")), "x.jar"))
                .hasMessageStartingWith("refusing to start without authentication: HTTP on every interface is not a loopback address");
        assertThat(AuthSettings.of("OFF", java.time.Duration.ZERO).resolve(java.util.List.of(new AuthSettings.Listener("HTTP", "0.0.0.0")), "x")
                .exposedWithoutAuth()).isTrue();
        assertThatThrownBy(() -> AuthSettings.of("maybe", java.time.Duration.ZERO))
                .hasMessage("PYROMETER_AUTH must be auto, tokens or off, not 'maybe'");
    }
}

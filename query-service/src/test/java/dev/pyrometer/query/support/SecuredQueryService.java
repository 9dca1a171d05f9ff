package dev.pyrometer.query.support;

import dev.pyrometer.auth.Scope;
import dev.pyrometer.auth.token.NewToken;
import dev.pyrometer.auth.token.TokenService;
import dev.pyrometer.query.QueryApplication;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The whole query-service with tokens required ({@code pyrometer.auth.mode=tokens}), on loopback, over the
 * database {@link QueryFixture} seeded (tenants default and acme). One configuration for every subclass, so
 * Spring's test context cache shares the running service. Tokens are made through the service's own
 * {@link TokenService}; tests call the API over HTTP like any client.
 */
@SpringBootTest(classes = QueryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.port=0",
        "server.address=127.0.0.1",
        "management.server.port=0",
        "management.server.address=127.0.0.1",
        "pyrometer.auth.mode=tokens",
        // 32 fixed bytes: a stable session key for the test service only
        "pyrometer.session.key=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="})
public abstract class SecuredQueryService extends RunningQueryService {
    @Autowired
    protected TokenService tokens;

    /** A new token's text (its only copy): {@code tenants} may be {@code *} for every tenant. */
    protected String token(String name, Set<String> tenants, Set<Scope> scopes, Instant expiresAt) {
        return tokens.create(NewToken.of(name, tenants, scopes, expiresAt), "test").token();
    }

    /** The secret part of {@code pyro_<12-character id>_<secret>} (id and secret may themselves hold '_'). */
    protected static String secretOf(String token) {
        return token.substring("pyro_".length() + 13);
    }

    protected static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    protected static Map<String, String> basic(String user, String token) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8)));
    }
}

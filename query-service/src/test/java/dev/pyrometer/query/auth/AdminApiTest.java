package dev.pyrometer.query.auth;

import dev.pyrometer.auth.Scope;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.SecuredQueryService;
import dev.pyrometer.storage.testing.Awaits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin REST API at {@code /api/v1/admin/**} in query-service, with tokens required: an operator token
 * (admin for every tenant) creates a tenant, sets its limits, creates a token whose text appears once, lists
 * tokens without secrets, and revokes one, which then stops working; other scopes get 403, no credentials 401.
 */
class AdminApiTest extends SecuredQueryService {
    private Map<String, String> operator;

    @BeforeEach
    void operatorToken() {
        operator = bearer(token("operator", Set.of("*"), Set.of(Scope.ADMIN), null));
    }

    @Test
    void tenantLimitsTokensListAndRevoke() {
        Answer created = send("POST", url("admin/tenants"), operator, "{\"name\":\"initech\",\"limits\":{\"ingestProfilesPerSecond\":5}}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("name").asString()).isEqualTo("initech");
        assertThat(created.json().at("/limits/ingestProfilesPerSecond").asDouble()).isEqualTo(5.0);

        Answer limited = send("PATCH", url("admin/tenants/initech"), operator, "{\"maxSeries\":1000,\"queryConcurrency\":3,\"ingestProfilesPerSecond\":null}");
        assertThat(limited.status()).as(limited.text()).isEqualTo(200);
        assertThat(limited.json().at("/limits/maxSeries").asLong()).isEqualTo(1000);
        assertThat(limited.json().at("/limits/queryConcurrency").asInt()).isEqualTo(3);
        assertThat(limited.json().at("/limits/ingestProfilesPerSecond").isNull()).as(limited.text()).isTrue();
        Answer tenants = get(url("admin/tenants"), operator);
        assertThat(names(tenants.json(), "name")).contains("initech");

        Answer token = send("POST", url("admin/tokens"), operator,
                "{\"name\":\"initech-reader\",\"tenants\":[\"initech\"],\"scopes\":[\"read\"]}");
        assertThat(token.status()).as(token.text()).isEqualTo(201);
        assertThat(token.header("Cache-Control")).contains("no-store");
        String text = token.json().get("token").asString();
        String publicId = token.json().at("/view/publicId").asString();
        assertThat(text).matches("pyro_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}").startsWith("pyro_" + publicId + "_");
        assertThat(token.json().at("/view/tenants").toString()).isEqualTo("[\"initech\"]");
        assertThat(token.json().at("/view/scopes").toString()).isEqualTo("[\"read\"]");

        Answer list = get(url("admin/tokens", "tenant", "initech"), operator);
        assertThat(list.status()).isEqualTo(200);
        assertThat(names(list.json(), "publicId")).as("the tokens that reach initech: its own and the operators'").contains(publicId);
        list.json().forEach(listed -> assertThat(listed.get("tenants").toString()).isIn("[\"initech\"]", "[\"*\"]"));
        String secret = secretOf(text);
        assertThat(list.text()).doesNotContain(secret).doesNotContain(text);
        assertThat(get(url("admin/tokens"), operator).text()).doesNotContain(secret);

        String catalog = url("catalog/services", "from", QueryFixture.DAY0.toString(), "to", QueryFixture.day(7).toString());
        assertThat(get(catalog, bearer(text)).status()).as("the new token reads its tenant").isEqualTo(200);
        assertThat(get(catalog, bearer(text)).json().get("services")).as("initech has no data").isEmpty();

        Answer revoked = send("DELETE", url("admin/tokens/" + publicId), operator, null);
        assertThat(revoked.status()).as(revoked.text()).isEqualTo(200);
        assertThat(revoked.json().get("status").asString()).isEqualTo("revoked");
        Awaits.until("the revoked token is refused", Duration.ofSeconds(30), () -> get(catalog, bearer(text)).status() == 401);
        Answer refused = get(catalog, bearer(text));
        assertThat(onlyError(refused.contentType(), refused.text())).contains("revoked").doesNotContain(secret);
        assertThat(get(url("admin/tokens", "tenant", "initech"), operator).json().findValues("publicId").stream().map(JsonNode::asString)
                .filter(publicId::equals)).hasSize(1);
        assertThat(get(url("admin/tokens", "tenant", "initech"), operator).text()).contains("\"status\":\"revoked\"");
    }

    @Test
    void onlyAdminTokensManage() {
        String reader = token("acme-reader", Set.of("acme"), Set.of(Scope.READ, Scope.PUSH), null);
        for (String[] call : List.of(new String[]{"GET", "admin/tokens"}, new String[]{"GET", "admin/tenants"},
                new String[]{"POST", "admin/tenants"}, new String[]{"DELETE", "admin/tokens/abcdefghijkl"})) {
            String body = call[0].equals("POST") ? "{\"name\":\"nope\"}" : null;
            Answer forbidden = send(call[0], url(call[1]), bearer(reader), body);
            assertThat(forbidden.status()).as("%s %s with a read/push token: %s", call[0], call[1], forbidden.text()).isEqualTo(403);
            assertThat(onlyError(forbidden.contentType(), forbidden.text())).contains("admin");
            Answer anonymous = send(call[0], url(call[1]), Map.of(), body);
            assertThat(anonymous.status()).as("%s %s without credentials", call[0], call[1]).isEqualTo(401);
            onlyError(anonymous.contentType(), anonymous.text());
        }
        assertThat(get(url("admin/tenants"), operator).json().findValues("name").stream().map(JsonNode::asString))
                .doesNotContain("nope");
    }

    @Test
    void aTenantAdminManagesOnlyItsTenantsTokens() {
        Map<String, String> acmeAdmin = bearer(token("acme-admin", Set.of("acme"), Set.of(Scope.ADMIN), null));
        Answer own = send("POST", url("admin/tokens"), acmeAdmin, "{\"name\":\"acme-pusher\",\"tenants\":[\"acme\"],\"scopes\":[\"push\"]}");
        assertThat(own.status()).as(own.text()).isEqualTo(201);
        Answer other = send("POST", url("admin/tokens"), acmeAdmin, "{\"name\":\"sneaky\",\"tenants\":[\"default\"],\"scopes\":[\"read\"]}");
        assertThat(other.status()).as(other.text()).isEqualTo(403);
        Answer every = send("POST", url("admin/tokens"), acmeAdmin, "{\"name\":\"sneaky\",\"tenants\":[\"*\"],\"scopes\":[\"read\"]}");
        assertThat(every.status()).as(every.text()).isEqualTo(403);
        Answer limits = send("PATCH", url("admin/tenants/acme"), acmeAdmin, "{\"maxSeries\":1}");
        assertThat(limits.status()).as(limits.text()).isEqualTo(403);
        assertThat(get(url("admin/tokens", "tenant", "default"), acmeAdmin).status()).isEqualTo(403);
        assertThat(get(url("admin/tokens"), acmeAdmin).json().findValues("tenants").stream().map(JsonNode::toString))
                .isNotEmpty().containsOnly("[\"acme\"]");
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.get(field).asString()));
        return names;
    }

}

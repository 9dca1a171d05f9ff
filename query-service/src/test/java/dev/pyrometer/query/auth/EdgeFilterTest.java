package dev.pyrometer.query.auth;

import dev.pyrometer.auth.Scope;
import dev.pyrometer.query.support.GoTool;
import dev.pyrometer.query.support.PprofTop;
import dev.pyrometer.query.support.SecuredQueryService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authentication filter's answers at the REST level: the Basic challenge on the pprof export only, CSRF on
 * changes carried by the session cookie, Connect error bodies on the querier, and {@code go tool pprof} fetching
 * with the token in the URL's user-info without the token reaching the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class EdgeFilterTest extends SecuredQueryService {
    private static final String CONNECT_PROFILE_TYPES = "/querier.v1.QuerierService/ProfileTypes";

    @Test
    void onlyThePprofExportChallengesForBasic() {
        Answer pprof = get(pprofUrl());
        assertThat(pprof.status()).isEqualTo(401);
        assertThat(pprof.header("WWW-Authenticate")).isEqualTo("Basic realm=\"pyrometer\", charset=\"UTF-8\"");
        assertThat(onlyError(pprof.contentType(), pprof.text())).startsWith("no credentials");

        Answer top = get(url("top", "profileType", CPU, "query", service("golden-cpu"), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO)));
        assertThat(top.status()).isEqualTo(401);
        assertThat(top.header("WWW-Authenticate")).as("no browser dialog for the dashboard's own calls").isNull();
        assertThat(onlyError(top.contentType(), top.text())).startsWith("no credentials");
    }

    @Test
    void cookieChangesNeedTheCsrfHeader() {
        String admin = token("cookie-admin", Set.of("*"), Set.of(Scope.READ, Scope.ADMIN), null);
        Answer signIn = send("POST", url("session"), Map.of(), "{\"token\":\"" + admin + "\"}");
        assertThat(signIn.status()).as(signIn.text()).isEqualTo(200);
        String setCookie = signIn.header("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly").contains("Secure").contains("SameSite=Strict");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = signIn.json().get("csrfToken").asString();

        assertThat(get(url("admin/tenants"), Map.of("Cookie", cookie)).status()).as("reads need no CSRF header").isEqualTo(200);
        String body = "{\"name\":\"csrf-tenant\"}";
        for (Map<String, String> headers : List.of(Map.of("Cookie", cookie), Map.of("Cookie", cookie, AuthFilter.CSRF_HEADER, "wrong"))) {
            Answer refused = send("POST", url("admin/tenants"), headers, body);
            assertThat(refused.status()).as(refused.text()).isEqualTo(403);
            assertThat(onlyError(refused.contentType(), refused.text())).contains(AuthFilter.CSRF_HEADER);
            Answer delete = send("DELETE", url("admin/tokens/abcdefghijkl"), headers, null);
            assertThat(delete.status()).as(delete.text()).isEqualTo(403);
            assertThat(onlyError(delete.contentType(), delete.text())).contains(AuthFilter.CSRF_HEADER);
        }
        Answer created = send("POST", url("admin/tenants"), Map.of("Cookie", cookie, AuthFilter.CSRF_HEADER, csrf), body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        Answer missing = send("DELETE", url("admin/tokens/abcdefghijkl"), Map.of("Cookie", cookie, AuthFilter.CSRF_HEADER, csrf), null);
        assertThat(missing.status()).as("past the CSRF check: %s", missing.text()).isEqualTo(404);
        Answer bearerChange = send("POST", url("admin/tenants"), bearer(admin), "{\"name\":\"bearer-tenant\"}");
        assertThat(bearerChange.status()).as("a header credential needs no CSRF header: %s", bearerChange.text()).isEqualTo(201);
    }

    @Test
    void theQuerierAnswersConnectErrors() {
        String body = "{\"start\":\"" + GOLDEN_FROM.toEpochMilli() + "\",\"end\":\"" + GOLDEN_TO.toEpochMilli() + "\"}";
        Answer none = connect(body, Map.of());
        assertThat(none.status()).isEqualTo(401);
        assertThat(connectError(none)).containsEntry("code", "unauthenticated");

        String pusher = token("connect-pusher", Set.of("default"), Set.of(Scope.PUSH), null);
        Answer pushOnly = connect(body, bearer(pusher));
        assertThat(pushOnly.status()).isEqualTo(403);
        assertThat(connectError(pushOnly)).containsEntry("code", "permission_denied");

        String reader = token("connect-reader", Set.of("default"), Set.of(Scope.READ), null);
        Map<String, String> otherTenant = new HashMap<>(bearer(reader));
        otherTenant.put("X-Scope-OrgID", "acme");
        Answer narrowed = connect(body, otherTenant);
        assertThat(narrowed.status()).isEqualTo(403);
        assertThat(connectError(narrowed)).containsEntry("code", "permission_denied").containsEntry("message", "token may not access tenant acme");
        assertThat(connect(body, bearer(reader)).status()).isEqualTo(200);
    }

    @Test
    void goToolPprofSendsUserInfoAsBasicAndTheLogKeepsNoToken(CapturedOutput output) {
        String reader = token("pprof-reader", Set.of("default", "acme"), Set.of(Scope.READ), Instant.now().plusSeconds(3_600));
        String plain = pprofUrl();
        String withUserInfo = plain.replace("http://", "http://default:" + reader + "@");
        PprofTop viaUserInfo = PprofTop.parse(plain, GoTool.top("cpu", "ns", List.of(withUserInfo)));
        Answer direct = get(plain, bearer(reader));
        assertThat(direct.status()).isEqualTo(200);
        PprofTop expected = PprofTop.parse("direct", GoTool.top("cpu", "ns", List.of(GoTool.file("direct.pb.gz", direct.body()).toString())));
        assertThat(viaUserInfo.rows()).isNotEmpty().isEqualTo(expected.rows());

        String wrong = reader.substring(0, reader.length() - 4) + (reader.endsWith("AAAA") ? "BBBB" : "AAAA");
        Answer refused = get(plain, basic("default", wrong));
        assertThat(refused.status()).isEqualTo(401);
        String secret = secretOf(reader);
        assertThat(output.getAll()).contains("event=auth_failed edge=query-http").doesNotContain(secret).doesNotContain(secretOf(wrong));
    }

    private String pprofUrl() {
        return url("pprof", "profileType", CPU, "query", service("golden-cpu"), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO));
    }

    private Answer connect(String json, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", "application/json");
        return send("POST", "http://127.0.0.1:" + port + CONNECT_PROFILE_TYPES, all, json);
    }

    private static Map<String, String> connectError(Answer answer) {
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode json = answer.json();
        Map<String, String> fields = new HashMap<>();
        json.propertyNames().forEach(name -> fields.put(name, json.get(name).asString()));
        return fields;
    }

}

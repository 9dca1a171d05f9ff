package dev.pyrometer.ingest.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pyrometer.auth.AuditLog;
import dev.pyrometer.auth.Scope;
import dev.pyrometer.ingest.support.TokenIngestService;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.pyrometer.ingest.support.IngestTestKit.count;
import static dev.pyrometer.ingest.support.IngestTestKit.push;
import static dev.pyrometer.ingest.support.IngestTestKit.validProfile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every ingest edge with API tokens required: gRPC, Pyroscope's /ingest and the Connect push, called with a push
 * token of tenant A and of B, a read-only token, a wrong, a revoked and an expired token, none, and a tenant header
 * naming the other tenant. Each cell's status is asserted and the stored profiles are counted per tenant: nothing
 * refused is stored, and nobody writes a tenant that is not its token's.
 */
class PushAuthTest extends TokenIngestService {
    private static final String A = "auth-team-a";
    private static final String B = "auth-team-b";
    private static final Map<String, String> matrix = new LinkedHashMap<>();

    private final HttpClient http = HttpClient.newHttpClient();
    private String pushA;
    private String pushB;
    private String readA;
    private String revoked;
    private String expired;

    @BeforeEach
    void tokens() throws SQLException {
        pushA = token(A, Scope.PUSH);
        pushB = token(B, Scope.PUSH);
        readA = token(A, Scope.READ);
        revoked = token(A, Scope.PUSH);
        tokens.revoke(publicId(revoked), "test");
        expired = token(A, Scope.PUSH);
        try (var connection = database().getConnection(); var statement = connection.prepareStatement(
                "UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE public_id = ?")) {
            statement.setString(1, publicId(expired));
            assertThat(statement.executeUpdate()).isOne();
        }
    }

    @AfterAll
    static void printMatrix() {
        StringBuilder table = new StringBuilder("ingest edge authentication matrix (edge / credentials -> outcome):\n");
        matrix.forEach((cell, outcome) -> table.append(String.format("  %-48s %s%n", cell, outcome)));
        System.out.print(table);
    }

    @Test
    void grpcPushesOnlyWithAPushTokenAndOnlyIntoItsTenant() throws SQLException {
        long storedA = profiles(A);
        long storedB = profiles(B);

        grpc("grpc: none", null, null, "grpc-none", Status.Code.UNAUTHENTICATED);
        grpc("grpc: wrong token", "Bearer pyro_AAAAAAAAAAAA_" + "x".repeat(43), null, "grpc-wrong", Status.Code.UNAUTHENTICATED);
        grpc("grpc: revoked token", bearer(revoked), null, "grpc-revoked", Status.Code.UNAUTHENTICATED);
        grpc("grpc: expired token", bearer(expired), null, "grpc-expired", Status.Code.UNAUTHENTICATED);
        grpc("grpc: read-only token of A", bearer(readA), null, "grpc-read", Status.Code.PERMISSION_DENIED);
        grpc("grpc: A's push token naming tenant B", bearer(pushA), B, "grpc-a-as-b", Status.Code.PERMISSION_DENIED);
        grpc("grpc: B's push token naming tenant A", bearer(pushB), A, "grpc-b-as-a", Status.Code.PERMISSION_DENIED);
        assertThat(profiles(A)).isEqualTo(storedA);
        assertThat(profiles(B)).isEqualTo(storedB);

        grpc("grpc: A's push token", bearer(pushA), null, "grpc-a", Status.Code.OK);
        grpc("grpc: A's push token naming A", bearer(pushA), A, "grpc-a-named", Status.Code.OK);
        grpc("grpc: A's push token as Basic", basic(A, pushA), null, "grpc-a-basic", Status.Code.OK);
        grpc("grpc: B's push token", bearer(pushB), null, "grpc-b", Status.Code.OK);
        // Each accepted push stores one profile per sample type (two) in its token's tenant only.
        assertThat(profiles(A) - storedA).isEqualTo(6);
        assertThat(profiles(B) - storedB).isEqualTo(2);
        assertThat(count(database(), "SELECT count(*) FROM series WHERE labels->>'env' LIKE 'grpc-%' AND labels->>'env' NOT IN "
                + "('grpc-a', 'grpc-a-named', 'grpc-a-basic', 'grpc-b')")).isZero();
        assertThat(tenantOf("grpc-b")).isEqualTo(B);
        assertThat(tenantOf("grpc-a-basic")).isEqualTo(A);
    }

    @Test
    void pyroscopeIngestAnswers401Or403AsJsonAndStoresOnlyInTheTokensTenant() throws Exception {
        long storedA = profiles(A);
        long storedB = profiles(B);

        HttpResponse<String> none = ingest("http: none", null, null, "http-none");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"pyrometer\", charset=\"UTF-8\"");
        assertThat(none.body()).startsWith("{\"error\":\"authentication required");
        assertThat(ingest("http: wrong token", "Bearer pyro_AAAAAAAAAAAA_" + "x".repeat(43), null, "http-wrong").statusCode()).isEqualTo(401);
        assertThat(ingest("http: wrong Basic password", basic(A, "nope"), null, "http-wrong-basic").statusCode()).isEqualTo(401);
        assertThat(ingest("http: revoked token", bearer(revoked), null, "http-revoked").statusCode()).isEqualTo(401);
        HttpResponse<String> expiredResponse = ingest("http: expired token", bearer(expired), null, "http-expired");
        assertThat(expiredResponse.statusCode()).isEqualTo(401);
        assertThat(expiredResponse.body()).contains("expired").doesNotContain(secretOf(expired));
        HttpResponse<String> readOnly = ingest("http: read-only token of A", bearer(readA), null, "http-read");
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(readOnly.body()).isEqualTo("{\"error\":\"token lacks scope push (it has read)\"}");
        HttpResponse<String> otherTenant = ingest("http: A's push token naming tenant B", bearer(pushA), B, "http-a-as-b");
        assertThat(otherTenant.statusCode()).isEqualTo(403);
        assertThat(otherTenant.body()).isEqualTo("{\"error\":\"token may not access tenant " + B + "\"}");
        assertThat(ingest("http: Basic user B with A's token", basic(B, pushA), null, "http-basic-b").statusCode()).isEqualTo(200);
        assertThat(profiles(B)).as("a Basic user naming another tenant is ignored").isEqualTo(storedB);
        assertThat(tenantOf("http-basic-b")).isEqualTo(A);

        assertThat(ingest("http: A's push token", bearer(pushA), null, "http-a").statusCode()).isEqualTo(200);
        assertThat(ingest("http: A's push token as Basic", basic(A, pushA), A, "http-a-basic").statusCode()).isEqualTo(200);
        assertThat(ingest("http: B's push token", bearer(pushB), null, "http-b").statusCode()).isEqualTo(200);
        assertThat(profiles(A) - storedA).isEqualTo(3);
        assertThat(profiles(B) - storedB).isEqualTo(1);
        assertThat(tenantOf("http-b")).isEqualTo(B);
        assertThat(count(database(), "SELECT count(*) FROM series WHERE labels->>'env' IN ('http-none', 'http-wrong', "
                + "'http-wrong-basic', 'http-revoked', 'http-expired', 'http-read', 'http-a-as-b')")).isZero();
    }

    @Test
    void everyRefusalIsAuditedWithoutTheSecret() throws Exception {
        Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        audit.addAppender(lines);
        try {
            grpc("grpc: revoked token (audited)", bearer(revoked), null, "grpc-audit-revoked", Status.Code.UNAUTHENTICATED);
            ingest("http: A's push token naming tenant B (audited)", bearer(pushA), B, "http-audit-a-as-b");
        } finally {
            audit.detachAppender(lines);
        }
        List<String> logged = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(logged).hasSize(2);
        assertThat(logged.get(0)).startsWith("event=auth_failed edge=ingest-grpc remote=/127.0.0.1:")
                .endsWith(" token=" + publicId(revoked) + " reason=\"token " + publicId(revoked) + " is revoked\"");
        assertThat(logged.get(1)).isEqualTo("event=access_denied edge=ingest-http remote=127.0.0.1 subject=\"token " + publicId(pushA)
                + "\" reason=\"token may not access tenant " + B + "\"");
        assertThat(String.join("\n", logged)).doesNotContain(secretOf(revoked)).doesNotContain(secretOf(pushA));
    }

    @Test
    void connectPushAnswersConnectErrors() throws Exception {
        HttpResponse<String> none = connect("connect: none", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("\"code\":\"unauthenticated\"");
        HttpResponse<String> readOnly = connect("connect: read-only token of A", bearer(readA));
        assertThat(readOnly.statusCode()).isEqualTo(403);
        assertThat(readOnly.body()).contains("\"code\":\"permission_denied\"", "token lacks scope push");
        // Authenticated, the (empty) push reaches the edge, which judges its body.
        HttpResponse<String> empty = connect("connect: A's push token, empty push", bearer(pushA));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("\"code\":\"invalid_argument\"", "push carries no profiles");
    }

    private void grpc(String cell, String authorization, String tenant, String env, Status.Code expected) {
        IngestServiceGrpc.IngestServiceBlockingStub stub = stub(authorization, tenant);
        Status.Code code;
        String description;
        try {
            var results = stub.push(push(validProfile("auth-" + env, env))).getResultsList();
            assertThat(results).extracting(ProfileResult::getOutcome).containsExactly(Outcome.OUTCOME_ACCEPTED);
            code = Status.Code.OK;
            description = "accepted";
        } catch (StatusRuntimeException e) {
            code = e.getStatus().getCode();
            description = e.getStatus().getDescription();
        }
        matrix.put(cell, code + " " + description);
        assertThat(code).as("%s: %s", cell, description).isEqualTo(expected);
        if (code != Status.Code.OK) {
            assertThat(description).isNotBlank();
        }
    }

    private HttpResponse<String> ingest(String cell, String authorization, String tenant, String env) throws Exception {
        String name = URLEncoder.encode("auth-app.cpu{env=" + env + "}", StandardCharsets.UTF_8);
        long from = System.currentTimeMillis() / 1000 - 60;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ingest?name=" + name
                        + "&from=" + from + "&until=" + (from + 10) + "&format=folded&sampleRate=100"))
                .header("Content-Type", "binary/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("main;work 5\n"));
        return send(cell, request, authorization, tenant);
    }

    private HttpResponse<String> connect(String cell, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/push.v1.PusherService/Push"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        return send(cell, request, authorization, null);
    }

    private HttpResponse<String> send(String cell, HttpRequest.Builder request, String authorization, String tenant) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (tenant != null) {
            request.header("X-Scope-OrgID", tenant);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        matrix.put(cell, response.statusCode() + " " + response.body().strip());
        return response;
    }



    private static String secretOf(String token) {
        return token.substring(token.indexOf('_', 5) + 1);
    }




    /** The tenant of the series labelled env, which must be exactly one tenant. */
    private static String tenantOf(String env) throws SQLException {
        try (var connection = database().getConnection(); var statement = connection.prepareStatement(
                "SELECT DISTINCT t.name FROM series s JOIN tenant t ON t.id = s.tenant_id WHERE s.labels->>'env' = ?")) {
            statement.setString(1, env);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).as("series with env=%s", env).isTrue();
                String tenant = rows.getString(1);
                assertThat(rows.next()).as("env=%s in one tenant only", env).isFalse();
                return tenant;
            }
        }
    }
}

package dev.pyrometer.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyrometer.compat.isolation.Credential;
import dev.pyrometer.compat.isolation.Https;
import dev.pyrometer.compat.isolation.MarkedProfile;
import dev.pyrometer.compat.isolation.MatrixTable;
import dev.pyrometer.compat.isolation.ReadCall;
import dev.pyrometer.compat.isolation.WriteEdge;
import dev.pyrometer.compat.stack.Await;
import dev.pyrometer.compat.stack.PyrometerStack;
import dev.pyrometer.storage.testing.TestCa;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The isolation matrix: both services' jars as processes with {@code PYROMETER_AUTH=tokens}, query-service on
 * HTTPS (a CA and certificate made at test time). Tenants A and B each hold services and functions carrying their
 * marker (alpha, beta). Tokens for A and B with each scope, plus none, a wrong one, a revoked one and an expired
 * one, and A's and B's read/push tokens naming the other tenant by header or parameter, call every read endpoint
 * and every write edge. Each cell's status is asserted, no answer may hold the other tenant's marker, and
 * afterwards each tenant holds exactly the services its own push tokens wrote. The dashboard cell runs in
 * Chromium. Both tables are printed.
 */
class IsolationMatrixIT {
    private static final String A = "team-a";
    private static final String B = "team-b";
    private static final Map<String, String> MARKER = Map.of(A, "alpha", B, "beta");
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Path REPO = Path.of(System.getProperty("pyrometer.repo", "..")).toAbsolutePath().normalize();
    private static final Path INGEST_JAR = PyrometerStack.INGEST_JAR;
    private static final Path QUERY_JAR = PyrometerStack.QUERY_JAR;

    @TempDir
    static Path work;
    private static PyrometerStack stack;
    private static Https http;
    private static ManagedChannel grpc;
    private static String operator;
    private static final List<String> SECRETS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path ca = work.resolve("ca.pem");
        TestCa authority = TestCa.create("pyrometer-isolation-ca");
        authority.writeCertificate(ca);
        authority.issueServer(work.resolve("server.pem"), work.resolve("server.key"));
        Map<String, String> queryEnv = Map.of("PYROMETER_AUTH", "tokens", "PYROMETER_HTTP_TLS_ENABLED", "true",
                "PYROMETER_HTTP_TLS_CERT", work.resolve("server.pem").toString(), "PYROMETER_HTTP_TLS_KEY", work.resolve("server.key").toString());
        stack = PyrometerStack.start(INGEST_JAR, QUERY_JAR, work, Map.of("PYROMETER_AUTH", "tokens"), queryEnv);
        http = new Https(ca);
        grpc = Grpc.newChannelBuilder(stack.grpcTarget(), InsecureChannelCredentials.create()).build();
        String cli = stack.adminCli(INGEST_JAR, List.of("tokens", "create", "--tenant=*", "--scope=admin,read", "--name=matrix-operator"));
        operator = cli.lines().filter(line -> line.startsWith("token: ")).map(line -> line.substring(7).trim()).findFirst()
                .orElseThrow(() -> new AssertionError("no token line in the CLI's output:\n" + cli));
        remember(operator);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (grpc != null) {
            grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyCredentialAgainstEveryEdge() throws Exception {
        List<Credential> credentials = credentials();
        Credential aPush = find(credentials, "A-push");
        Credential bPush = find(credentials, "B-push");
        Instant now = Instant.now();
        WriteEdge seedEdge = WriteEdge.grpc("seed", grpc);
        for (int i = 0; i < 3; i++) {
            Instant at = now.minus(Duration.ofMinutes(10 - 2L * i));
            assertThat(seedEdge.push(aPush, "alpha-seed", MarkedProfile.gzipped("alpha", at), at)).isEqualTo("200");
            assertThat(seedEdge.push(bPush, "beta-seed", MarkedProfile.gzipped("beta", at), at)).isEqualTo("200");
        }
        awaitServices(A, Set.of("alpha-seed"));
        awaitServices(B, Set.of("beta-seed"));

        MatrixTable reads = new MatrixTable();
        readMatrix(reads, credentials, now.minus(Duration.ofHours(1)), Instant.now());
        dashboardCell(reads, find(credentials, "A-read"));
        MatrixTable writes = new MatrixTable();
        Map<String, Set<String>> stored = writeMatrix(writes, credentials);
        System.out.println(reads.render("Isolation matrix: reads (query-service over HTTPS; expected read tokens 200, other scopes and other tenants 403, none/wrong/revoked/expired 401)"));
        System.out.println(writes.render("Isolation matrix: writes (expected push tokens 200, other scopes and other tenants 403, none/wrong/revoked/expired 401)"));
        awaitServices(A, stored.get(A));
        awaitServices(B, stored.get(B));
        assertThat(services("default", operator)).as("nothing reached the default tenant").noneMatch(s -> s.matches("(alpha|beta|nobody).*"));
        String logs = stack.queryLog() + stack.ingestLog();
        for (int i = 0; i < SECRETS.size(); i++) {
            assertThat(logs.contains(SECRETS.get(i))).as("the secret of token %d of %d in the services' logs", i + 1, SECRETS.size()).isFalse();
        }
        assertThat(logs).contains("event=auth_failed");
        assertThat(reads.failures()).as(reads.render("reads")).isEmpty();
        assertThat(writes.failures()).as(writes.render("writes")).isEmpty();
    }

    /** The credentials: A and B with each scope, then none, wrong, revoked and expired, then the narrowing ones. */
    private static List<Credential> credentials() throws Exception {
        List<Credential> all = new ArrayList<>();
        for (String tenant : List.of(A, B)) {
            for (String scope : List.of("push", "read", "admin")) {
                String name = (tenant.equals(A) ? "A-" : "B-") + scope;
                all.add(Credential.of(name, tenant, scope, createToken(name, tenant, scope, null)));
            }
        }
        all.add(Credential.of("none", null, null, null));
        String real = createToken("wrong-base", A, "read", null);
        String wrong = real.substring(0, real.length() - 6) + (real.endsWith("AAAAAA") ? "BBBBBB" : "AAAAAA");
        remember(wrong);
        all.add(Credential.of("wrong", null, null, wrong));
        String revoked = createToken("A-read-revoked", A, "read", null);
        String publicId = revoked.substring("pyro_".length(), "pyro_".length() + 12);
        assertThat(http.send("DELETE", stack.queryUrl() + "/api/v1/admin/tokens/" + publicId, bearer(operator), null).status()).isEqualTo(200);
        all.add(Credential.of("revoked", null, null, revoked));
        String expired = createToken("A-read-expiring", A, "read", Instant.now().plusSeconds(3));
        all.add(Credential.of("expired", null, null, expired));
        for (String token : List.of(revoked, expired)) {
            Await.until("a revoked or expired token is refused", Instant.now().plus(PATIENCE),
                    () -> http.send("GET", stack.queryUrl() + "/api/v1/catalog/services", bearer(token), null).status(), status -> status == 401,
                    () -> stack.diagnostics());
        }
        Credential aRead = find(all, "A-read");
        Credential bRead = find(all, "B-read");
        all.add(aRead.naming(B, false));
        all.add(aRead.naming(B, true));
        all.add(bRead.naming(A, false));
        all.add(find(all, "A-push").naming(B, false));
        all.add(find(all, "B-push").naming(A, false));
        return all;
    }

    private static void readMatrix(MatrixTable table, List<Credential> credentials, Instant from, Instant to) {
        for (ReadCall call : ReadCall.all(from, to)) {
            for (Credential credential : credentials) {
                if (credential.byParameter() && call.jsonBody() != null || credential.narrowTo() != null && "push".equals(credential.scope())) {
                    continue;
                }
                Map<String, String> headers = new HashMap<>();
                headers.put("Authorization", credential.authorization());
                headers.put("X-Scope-OrgID", credential.byParameter() ? null : credential.narrowTo());
                String path = credential.byParameter() ? call.withTenantParameter(credential.narrowTo()) : call.path();
                Https.Reply reply;
                if (call.jsonBody() == null) {
                    reply = http.send("GET", stack.queryUrl() + path, headers, null);
                } else {
                    headers.put("Content-Type", "application/json");
                    reply = http.send("POST", stack.queryUrl() + path, headers, call.jsonBody().getBytes(StandardCharsets.UTF_8));
                }
                int expected = credential.expectedStatus("read");
                table.put(credential.name(), call.name(), Integer.toString(reply.status()), problem(credential, call.showsOwn(), expected, reply));
            }
        }
    }

    /** Why a read cell is wrong, or null: its status, another tenant's marker in it, or a 200 missing its own data. */
    private static String problem(Credential credential, boolean showsOwn, int expected, Https.Reply reply) {
        if (reply.status() != expected) {
            return "expected " + expected + ", got " + reply.status() + ": " + abbreviate(reply.body());
        }
        for (Map.Entry<String, String> tenant : MARKER.entrySet()) {
            if (!tenant.getKey().equals(credential.tenant()) && reply.body().contains(tenant.getValue())) {
                return "holds data of " + tenant.getKey() + ": " + abbreviate(reply.body());
            }
        }
        if (expected == 200 && showsOwn && !reply.body().contains(MARKER.get(credential.tenant()))) {
            return "holds none of its own tenant's data: " + abbreviate(reply.body());
        }
        return null;
    }

    /** Pushes through every write edge with every credential; returns the services each tenant must now hold. */
    private static Map<String, Set<String>> writeMatrix(MatrixTable table, List<Credential> credentials) {
        String query = stack.queryUrl();
        String ingest = stack.ingestHttpUrl();
        List<WriteEdge> edges = List.of(WriteEdge.grpc("grpc-push@ingest", grpc), WriteEdge.ingest("/ingest@query", http, query),
                WriteEdge.ingest("/ingest@ingest", http, ingest), WriteEdge.connect("connect-push@query", http, query),
                WriteEdge.connect("connect-push@ingest", http, ingest));
        Map<String, Set<String>> stored = Map.of(A, new TreeSet<>(Set.of("alpha-seed")), B, new TreeSet<>(Set.of("beta-seed")));
        Instant at = Instant.now().minus(Duration.ofMinutes(5));
        for (int e = 0; e < edges.size(); e++) {
            WriteEdge edge = edges.get(e);
            for (Credential credential : credentials) {
                if (credential.byParameter()) {
                    continue;
                }
                String marker = credential.tenant() == null ? "nobody" : MARKER.get(credential.tenant());
                String service = marker + "-w" + (e + 1) + "-" + credential.name().toLowerCase().replaceAll("[^a-z0-9]+", "-");
                String status = edge.push(credential, service, MarkedProfile.gzipped(marker, at), at);
                int expected = credential.expectedStatus("push");
                table.put(credential.name(), edge.name(), status, status.equals(Integer.toString(expected)) ? null : "expected " + expected + ", got " + status);
                if (expected == 200) {
                    stored.get(credential.tenant()).add(service);
                }
            }
        }
        return stored;
    }

    /** The Chromium cell: a session for A over HTTPS shows exactly A's services and refuses B by link, parameter and header. */
    private static void dashboardCell(MatrixTable table, Credential aRead) throws IOException, InterruptedException {
        Path web = REPO.resolve("web");
        ProcessBuilder builder = new ProcessBuilder("node", "e2e/isolation.mjs").directory(web.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("BASE_URL", stack.queryUrl(), "SCREENSHOT_DIR", work.resolve("screenshots").toString(),
                "CHROMIUM", System.getenv().getOrDefault("PYROMETER_CHROMIUM", "/usr/bin/chromium"), "E2E_TOKEN", aRead.token(),
                "E2E_OWN", A, "E2E_OTHER", B, "E2E_OWN_SERVICES", String.join(",", services(A, aRead.token())), "E2E_OTHER_MARKER", MARKER.get(B)));
        Process node = builder.start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean passed = node.waitFor() == 0 && output.contains("ALL CHECKS PASSED");
        System.out.println("dashboard (web/e2e/isolation.mjs):\n" + output);
        table.put(aRead.name() + " (browser session)", "dashboard", passed ? "ok" : "FAIL", passed ? null : output);
    }

    private static void awaitServices(String tenant, Set<String> expected) throws InterruptedException {
        String token = operator;
        Await.until("tenant " + tenant + " holds exactly " + expected, Instant.now().plus(PATIENCE), () -> Set.copyOf(services(tenant, token)),
                expected::equals, () -> stack.diagnostics());
    }

    /** The tenant's services of the last hour, as {@code token} (narrowed to the tenant by header) sees them. */
    private static List<String> services(String tenant, String token) {
        Instant now = Instant.now();
        Map<String, String> headers = new HashMap<>(bearer(token));
        headers.put("X-Scope-OrgID", tenant);
        Https.Reply reply = http.send("GET", stack.queryUrl() + "/api/v1/catalog/services?from=" + now.minus(Duration.ofHours(1)).getEpochSecond()
                + "&to=" + now.plusSeconds(1).getEpochSecond(), headers, null);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        try {
            for (JsonNode service : JSON.readTree(reply.body()).path("services")) {
                names.add(service.path("name").asText());
            }
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + reply.body(), e);
        }
        return names.stream().sorted().toList();
    }

    private static String createToken(String name, String tenant, String scope, Instant expiresAt) throws IOException {
        String body = "{\"name\":\"" + name + "\",\"tenants\":[\"" + tenant + "\"],\"scopes\":[\"" + scope + "\"]"
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
        Map<String, String> headers = new HashMap<>(bearer(operator));
        headers.put("Content-Type", "application/json");
        Https.Reply reply = http.send("POST", stack.queryUrl() + "/api/v1/admin/tokens", headers, body.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        String token = JSON.readTree(reply.body()).path("token").asText();
        remember(token);
        return token;
    }

    private static void remember(String token) {
        // pyro_<12-character id>_<secret>: id and secret may themselves hold '_'
        SECRETS.add(token.substring("pyro_".length() + 13));
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Credential find(List<Credential> credentials, String name) {
        return credentials.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}

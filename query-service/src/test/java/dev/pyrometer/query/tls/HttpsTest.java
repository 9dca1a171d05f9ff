package dev.pyrometer.query.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pyrometer.query.QueryApplication;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.storage.testing.TestCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * query-service with HTTPS on its port (certificates made by the test) serves the API to a client that
 * trusts the CA, refuses plaintext and clients that do not trust the CA, takes a replaced certificate
 * without a restart, and forwards Pyroscope pushes to an https ingest URL trusting PYROMETER_QUERY_INGEST_CA.
 */
@SpringBootTest(classes = QueryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.port=0", "server.address=127.0.0.1", "management.server.port=0", "management.server.address=127.0.0.1"})
class HttpsTest {
    private static final Path DIR = temporaryDirectory();
    private static final TestCa CA = TestCa.create("query-test-ca");
    private static final Path CA_FILE = write(() -> CA.writeCertificate(DIR.resolve("ca.pem")));
    private static final Path CERT = DIR.resolve("server.pem");
    private static final Path KEY = DIR.resolve("server.key");
    private static final BigInteger FIRST_SERIAL = write(() -> CA.issueServer(CERT, KEY).getSerialNumber());
    private static final HttpsServer UPSTREAM = upstream();
    private static final AtomicReference<String> UPSTREAM_SAW = new AtomicReference<>();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("pyrometer.database.url", () -> QueryFixture.database().getJdbcUrl());
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("spring.ssl.bundle.pem.http.keystore.certificate", CERT::toString);
        registry.add("spring.ssl.bundle.pem.http.keystore.private-key", KEY::toString);
        registry.add("spring.ssl.bundle.watch.file.quiet-period", () -> "100ms");
        registry.add("pyrometer.query.ingest.url", () -> "https://localhost:" + UPSTREAM.getAddress().getPort());
        registry.add("spring.ssl.bundle.pem.ingest.truststore.certificate", CA_FILE::toString);
    }

    @AfterAll
    static void stopUpstream() {
        UPSTREAM.stop(0);
    }

    @Test
    void theApiAnswersOverHttpsToAClientThatTrustsTheCa() throws Exception {
        HttpResponse<String> answer = trusting(CA_FILE).send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                        + "/api/v1/catalog/services?from=" + QueryFixture.GOLDEN_FROM + "&to=" + QueryFixture.GOLDEN_TO)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).startsWith("{\"services\":[{\"name\":\"");
        assertThat(answer.sslSession().map(HttpsTest::peerSerial)).isPresent();
    }

    @Test
    void plaintextAndClientsThatDoNotTrustTheCaGetNoAnswer() throws Exception {
        HttpResponse<String> plaintext = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/catalog/services")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plaintext.statusCode()).isEqualTo(400);
        assertThat(plaintext.body()).doesNotContain("services");

        Throwable untrusting = catchThrowable(() -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/catalog/services")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(untrusting).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aReplacedCertificateIsServedWithoutARestart() throws Exception {
        assertThat(servedSerial()).isEqualTo(FIRST_SERIAL);
        BigInteger rotated = CA.issueServer(CERT, KEY).getSerialNumber();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        BigInteger served = servedSerial();
        while (!served.equals(rotated) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            served = servedSerial();
        }
        assertThat(served).isEqualTo(rotated);
    }

    @Test
    void pushesAreForwardedToAnHttpsIngestUrlTrustingTheConfiguredCa() throws Exception {
        HttpResponse<String> answer = trusting(CA_FILE).send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                        + "/ingest?name=api&format=folded")).POST(HttpRequest.BodyPublishers.ofString("main;work 3\n")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(UPSTREAM_SAW.get()).isEqualTo("/ingest?name=api&format=folded main;work 3\n");
    }

    private BigInteger servedSerial() throws Exception {
        HttpResponse<Void> answer = trusting(CA_FILE).send(HttpRequest.newBuilder(URI.create("https://localhost:" + port
                + "/api/v1/catalog/services")).build(), HttpResponse.BodyHandlers.discarding());
        return answer.sslSession().map(HttpsTest::peerSerial).orElseThrow();
    }

    private static BigInteger peerSerial(SSLSession session) {
        try {
            return ((X509Certificate) session.getPeerCertificates()[0]).getSerialNumber();
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            throw new AssertionError(e);
        }
    }

    /** A new client (so a new connection) trusting only {@code caFile}. */
    private static HttpClient trusting(Path caFile) {
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(caFile.toString())));
        return HttpClient.newBuilder().sslContext(bundle.createSslContext()).build();
    }

    /** Stands in for ingest-service's HTTPS edge, with a certificate from the same CA; remembers the last request. */
    private static HttpsServer upstream() {
        try {
            Path cert = DIR.resolve("upstream.pem");
            Path key = DIR.resolve("upstream.key");
            CA.issueServer(cert, key);
            SSLContext context = SslBundle.of(new PemSslStoreBundle(
                    PemSslStoreDetails.forCertificate(cert.toString()).withPrivateKey(key.toString()), null)).createSslContext();
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            server.createContext("/", exchange -> {
                UPSTREAM_SAW.set(exchange.getRequestURI() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T write(IoSupplier<T> action) {
        try {
            return action.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BigInteger serial(Path cert) {
        return write(() -> TestCa.serial(cert));
    }

    private static Path temporaryDirectory() {
        return write(() -> Files.createTempDirectory("query-https"));
    }
}

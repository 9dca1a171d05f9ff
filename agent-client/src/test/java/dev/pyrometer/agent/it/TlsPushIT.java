package dev.pyrometer.agent.it;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.testing.AgentJar;
import dev.pyrometer.agent.testing.DemoJvm;
import dev.pyrometer.agent.testing.IngestServer;
import dev.pyrometer.agent.testing.StoredProfiles;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.storage.testing.TestCa;
import dev.pyrometer.storage.testing.TestDatabase;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The agent (the push command, which is the sidecar's push path, and the {@code -javaagent}) against real
 * ingest-service processes whose gRPC port has TLS, one without and one requiring client certificates;
 * every certificate is made by the test. Plaintext clients, clients that do not trust the server, and
 * client certificates from another CA are refused; a replaced server certificate is served to new
 * connections without a restart.
 */
class TlsPushIT {
    @TempDir
    static Path dir;

    private static TestCa ca;
    private static Path caFile;
    private static Path serverCert;
    private static Path serverKey;
    private static Path clientCert;
    private static Path clientKey;
    private static Path strangerCert;
    private static Path strangerKey;
    private static Path strangerCaFile;
    private static HikariDataSource database;
    private static StoredProfiles store;
    private static IngestServer tls;
    private static IngestServer mutual;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCa.create("pyrometer-test-ca");
        caFile = ca.writeCertificate(dir.resolve("ca.pem"));
        serverCert = dir.resolve("server.pem");
        serverKey = dir.resolve("server.key");
        ca.issueServer(serverCert, serverKey);
        clientCert = dir.resolve("agent.pem");
        clientKey = dir.resolve("agent.key");
        ca.issueClient("agent", clientCert, clientKey);
        TestCa stranger = TestCa.create("stranger-ca");
        strangerCaFile = stranger.writeCertificate(dir.resolve("stranger-ca.pem"));
        strangerCert = dir.resolve("stranger.pem");
        strangerKey = dir.resolve("stranger.key");
        stranger.issueClient("agent", strangerCert, strangerKey);

        database = TestDatabase.create();
        store = new StoredProfiles(database);
        String url = TestDatabase.jdbcUrl(database);
        List<String> serverTls = List.of("--pyrometer.grpc.tls.cert=" + serverCert,
                "--pyrometer.grpc.tls.key=" + serverKey, "--pyrometer.grpc.tls.reload-interval=200ms");
        tls = IngestServer.start(url, 0, serverTls);
        mutual = IngestServer.start(url, 0, concat(serverTls, "--pyrometer.grpc.tls.client-ca=" + caFile,
                "--pyrometer.grpc.tls.client-auth=require"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (IngestServer server : new IngestServer[]{tls, mutual}) {
            if (server != null) {
                server.close();
            }
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void thePushCommandStoresOverTlsTrustingTheCaFile() throws Exception {
        AgentJar.Result result = push(tls, "tls-push", "--tls.ca-file=" + caFile);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("stored as 2 series profiles");
        assertThat(store.rowsOf("tls-push")).isEqualTo(2);
        assertThat(tls.log()).contains("gRPC TLS: certificate " + serverCert + ", client certificates none");
    }

    @Test
    void thePushCommandStoresOverMutualTlsWithItsClientCertificate() throws Exception {
        AgentJar.Result result = push(mutual, "mtls-push", "--tls.ca-file=" + caFile, "--tls.cert-file=" + clientCert,
                "--tls.key-file=" + clientKey);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("stored as 2 series profiles");
        assertThat(store.rowsOf("mtls-push")).isEqualTo(2);
    }

    @Test
    void theJavaAgentPushesOverMutualTls() throws Exception {
        DemoJvm.Run run = DemoJvm.run("service_name=jvm-mtls,server=https://" + mutual.target() + ",tls.ca-file=" + caFile
                + ",tls.cert-file=" + clientCert + ",tls.key-file=" + clientKey + ",interval=2s", 5, true);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("JvmDemo done").doesNotContain("cannot push");
        assertThat(store.profiles("jvm-mtls", "process_cpu:cpu:nanoseconds:cpu:nanoseconds")).isNotEmpty();
    }

    @Test
    void clientsWithoutTheRightTlsAreRefused() throws Exception {
        assertThat(call(tls, InsecureChannelCredentials.create())).as("plaintext to a TLS port").isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(call(tls, TlsChannelCredentials.newBuilder().trustManager(strangerCaFile.toFile()).build()))
                .as("a client that does not trust the server's CA").isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(call(mutual, TlsChannelCredentials.newBuilder().trustManager(caFile.toFile()).build()))
                .as("no client certificate where one is required").isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(call(mutual, TlsChannelCredentials.newBuilder().trustManager(caFile.toFile())
                .keyManager(strangerCert.toFile(), strangerKey.toFile()).build()))
                .as("a client certificate from another CA").isEqualTo(Status.Code.UNAVAILABLE);
        // The control: the same call with the right certificate reaches the service (an empty push is a bad argument).
        assertThat(call(mutual, TlsChannelCredentials.newBuilder().trustManager(caFile.toFile())
                .keyManager(clientCert.toFile(), clientKey.toFile()).build())).isEqualTo(Status.Code.INVALID_ARGUMENT);

        AgentJar.Result plaintextAgent = AgentJar.run(List.of("push", "--server=" + tls.target(), "--service=tls-plain",
                "--profile-name=process_cpu", "--push.timeout=2s", capture("tls-plain").toString()), dir.resolve("plain.log"));
        assertThat(plaintextAgent.exitCode()).as(plaintextAgent.output()).isNotZero();
        assertThat(store.rowsOf("tls-plain")).isZero();
    }

    @Test
    void aReplacedServerCertificateIsServedToNewConnectionsWithoutARestart() throws Exception {
        BigInteger before = servedSerial(tls);
        assertThat(before).isEqualTo(TestCa.serial(serverCert));

        BigInteger rotated = ca.issueServer(serverCert, serverKey).getSerialNumber();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        BigInteger served = servedSerial(tls);
        while (!served.equals(rotated) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            served = servedSerial(tls);
        }

        assertThat(served).isEqualTo(rotated).isNotEqualTo(before);
        AgentJar.Result after = push(tls, "tls-rotated", "--tls.ca-file=" + caFile);
        assertThat(after.exitCode()).as(after.output()).isZero();
        assertThat(store.rowsOf("tls-rotated")).isEqualTo(2);
    }

    private static AgentJar.Result push(IngestServer server, String service, String... tlsFlags) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("push", "--server=https://" + server.target(), "--service=" + service,
                "--profile-name=process_cpu"));
        command.addAll(List.of(tlsFlags));
        command.add(capture(service).toString());
        return AgentJar.run(command, dir.resolve(service + ".log"));
    }

    private static Path capture(String name) throws IOException {
        Path file = dir.resolve(name + ".pb.gz");
        long now = System.currentTimeMillis() * 1_000_000L;
        Files.write(file, PprofCodec.encode(Fixtures.proto("cpu-2.pb.gz").toBuilder().setTimeNanos(now).build()));
        return file;
    }

    /** The status of an empty push made with {@code credentials}. */
    private static Status.Code call(IngestServer server, ChannelCredentials credentials) throws InterruptedException {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(), credentials).build();
        try {
            StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> IngestServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(20, TimeUnit.SECONDS).push(PushRequest.getDefaultInstance()));
            return failure == null ? Status.Code.OK : failure.getStatus().getCode();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The serial number of the certificate a new TLS connection to the server's gRPC port is given. */
    private static BigInteger servedSerial(IngestServer server) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.grpcPort())) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[]{"h2"});
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}

package dev.pyrometer.ingest.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.auth.Scope;
import dev.pyrometer.auth.token.NewToken;
import dev.pyrometer.auth.token.TokenService;
import dev.pyrometer.ingest.IngestApplication;
import dev.pyrometer.ingest.grpc.GrpcServer;
import dev.pyrometer.ingest.grpc.TenantInterceptor;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.testing.TestDatabase;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * ingest-service with API tokens required ({@code pyrometer.auth.mode=tokens}, token lookups, tenant limits and
 * series counts not cached so a change applies at once), on loopback, over its own fresh PostgreSQL database; shared by the test classes that
 * extend it. Helpers create tokens and count what each tenant holds.
 */
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pyrometer.auth.mode=tokens",
        "pyrometer.auth.cache-ttl=0s",
        "pyrometer.tenant.limits-cache-ttl=0s",
        "pyrometer.grpc.port=0",
        "pyrometer.grpc.address=127.0.0.1",
        "server.address=127.0.0.1",
        "server.port=0",
        "management.server.port=0",
        "pyrometer.storage.rollup-interval=1h"})
public abstract class TokenIngestService {
    private static HikariDataSource database;

    @Autowired
    protected GrpcServer grpcServer;
    @Autowired
    protected TokenService tokens;
    @LocalServerPort
    protected int httpPort;

    protected ManagedChannel channel;

    @DynamicPropertySource
    static void databaseUrl(DynamicPropertyRegistry registry) {
        registry.add("pyrometer.database.url", () -> database().getJdbcUrl());
    }

    protected static synchronized HikariDataSource database() {
        if (database == null) {
            database = TestDatabase.create();
        }
        return database;
    }

    @BeforeEach
    void openChannel() {
        channel = IngestTestKit.channel(grpcServer.port());
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        IngestTestKit.close(channel);
    }

    /** A new token's text for {@code tenant} with {@code scope}. */
    protected String token(String tenant, Scope scope) {
        return tokens.create(NewToken.of("edge-test", Set.of(tenant), Set.of(scope), null), "test").token();
    }

    /** A stub sending {@code authorization} and {@code x-scope-orgid: tenant}; null sends no such header. */
    protected IngestServiceGrpc.IngestServiceBlockingStub stub(String authorization, String tenant) {
        Metadata headers = new Metadata();
        if (authorization != null) {
            headers.put(TenantInterceptor.AUTHORIZATION, authorization);
        }
        if (tenant != null) {
            headers.put(TenantInterceptor.HEADER, tenant);
        }
        return IngestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    protected static String publicId(String token) {
        return token.split("_")[1];
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    protected static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Profile rows stored in {@code tenant}. */
    protected static long profiles(String tenant) throws SQLException {
        return IngestTestKit.count(database(), "SELECT count(*) FROM " + RawRows.all() + " p JOIN tenant t ON t.id = p.tenant_id WHERE t.name = '"
                + tenant + "'");
    }
}

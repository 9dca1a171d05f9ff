package dev.pyrometer.ingest.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.ingest.IngestApplication;
import dev.pyrometer.ingest.grpc.GrpcServer;
import dev.pyrometer.storage.testing.TestDatabase;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole ingest-service application, started once for every test class that extends this one
 * (same configuration, so Spring's test context cache shares it): gRPC, the public HTTP and the
 * management HTTP servers on free ports, storage on a fresh migrated PostgreSQL database. Each test gets a
 * plaintext gRPC channel over loopback TCP. The rollup job is pushed out of the suite's lifetime
 * so that row counts only change when a test pushes. Test classes share the database, so each
 * uses its own label values and measures row counts before and after what it does.
 */
@SpringBootTest(classes = IngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pyrometer.grpc.port=0",
        "pyrometer.grpc.address=127.0.0.1",
        "server.address=127.0.0.1",
        "server.port=0",
        "management.server.port=0",
        "pyrometer.storage.rollup-interval=1h"})
public abstract class RunningIngestService {
    private static HikariDataSource database;

    @Autowired
    protected GrpcServer grpcServer;

    /** The management (actuator) HTTP port. */
    @LocalManagementPort
    protected int managementPort;

    /** The public HTTP port: Pyroscope's /ingest and the Connect push. */
    @LocalServerPort
    protected int httpPort;

    protected ManagedChannel channel;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("pyrometer.database.url", () -> database().getJdbcUrl());
    }

    /** The application's database, seen through the test's own connection pool. */
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
}

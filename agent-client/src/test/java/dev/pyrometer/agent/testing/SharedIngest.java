package dev.pyrometer.agent.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.storage.testing.TestDatabase;

/**
 * One ingest-service and its database for all integration tests of a JVM that do not stop it;
 * tests keep apart by service_name. Closed when the JVM exits.
 */
public final class SharedIngest {
    private static HikariDataSource database;
    private static IngestServer server;

    private SharedIngest() {
    }

    public static synchronized IngestServer server() {
        if (server == null) {
            try {
                database = TestDatabase.create();
                server = IngestServer.start(TestDatabase.jdbcUrl(database), 0);
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException("cannot start ingest-service", e);
            }
            IngestServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (InterruptedException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return server;
    }

    public static synchronized StoredProfiles store() {
        server();
        return new StoredProfiles(database);
    }
}

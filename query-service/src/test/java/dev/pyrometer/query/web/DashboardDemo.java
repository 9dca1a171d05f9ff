package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;

import java.time.Instant;

/**
 * Serves the dashboard over the browser tests' seeded data until stopped, for trying the UI by hand:
 * {@code mvn -o -q -pl query-service exec:java -Dexec.mainClass=dev.pyrometer.query.web.DashboardDemo
 * -Dexec.classpathScope=test} (after {@code mvn install -DskipTests}); the port is the first argument, 4040 by default.
 */
public final class DashboardDemo {
    private DashboardDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 4040;
        HikariDataSource database = DashboardSeed.create(Instant.now());
        DashboardServer server = DashboardServer.start(database.getJdbcUrl(), port);
        System.out.println("Dashboard with seeded data: " + server.baseUrl() + "/explore");
        Thread.currentThread().join();
    }
}

package dev.pyrometer.storage.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches whether PostgreSQL answers: every {@code interval} it runs {@code SELECT 1} on a connection
 * of its own (outside the pool, so a busy pool never reads as an outage), with connect and read
 * timeouts of about one interval. {@link #up()} is what readiness probes and the ingest edge read;
 * it turns false within two intervals of the database going away and true within one interval of
 * its return. When the database is a {@link LocalPostgres} owned by this process, a probe that
 * finds its postmaster dead starts it again.
 */
public final class DatabaseProbe implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseProbe.class);

    private final ProbeConnection connection;
    private final LocalPostgres local;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private volatile boolean up = true;
    private volatile Instant since = Instant.now();
    private volatile String lastError = "";

    DatabaseProbe(String url, String username, String password, LocalPostgres local, Duration interval) {
        this.connection = new ProbeConnection(url, username, password, interval, "pyrometer-probe");
        this.local = local;
        this.interval = interval;
        this.scheduler = ProbeThread.named("database-probe");
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the last check reached the database. */
    public boolean up() {
        return up;
    }

    /** When {@link #up()} last changed. */
    public Instant since() {
        return since;
    }

    /** Why the last failed check failed; empty while up. Operator-facing: may hold server text, not for clients. */
    public String lastError() {
        return lastError;
    }

    private void check() {
        try {
            ping();
            changeTo(true, "");
        } catch (SQLException e) {
            connection.reset();
            changeTo(false, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            restartLocal();
        } catch (RuntimeException e) {
            log.warn("Database probe failed unexpectedly", e);
        }
    }

    private void ping() throws SQLException {
        try (Statement statement = connection.statement()) {
            statement.execute("SELECT 1");
        }
    }

    private void restartLocal() {
        if (local == null) {
            return;
        }
        try {
            local.restartIfDead();
        } catch (Exception e) {
            log.warn("Starting the local PostgreSQL again failed ({}); trying again in {} ms", e.getMessage(), interval.toMillis());
        }
    }

    private void changeTo(boolean nowUp, String error) {
        lastError = error;
        if (up != nowUp) {
            up = nowUp;
            since = Instant.now();
            if (nowUp) {
                log.info("PostgreSQL answers again");
            } else {
                log.warn("PostgreSQL does not answer: {}", error);
            }
        }
    }

    @Override
    public void close() {
        ProbeThread.stop(scheduler);
        connection.close();
    }
}

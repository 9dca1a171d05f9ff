package dev.pyrometer.storage.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Checks a streaming replica every {@code interval}, on two connections of its own (one to the primary, one to
 * the replica, outside the pools, with timeouts of about one interval): it reads the primary's WAL position
 * ({@code pg_current_wal_lsn()}), then the replica's recovery state and replay position, and turns them into a
 * {@link ReplicaStatus}. The lag is {@link ReplayLag}'s: measured against the primary, so a replica that stops
 * receiving WAL while the primary writes turns stale, and an idle primary is no lag. Each change of state is
 * logged once. Every function it calls is open to any role: no monitoring rights are needed.
 */
public final class ReplicaLagProbe implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaLagProbe.class);
    private static final String PRIMARY_POSITION = "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint";
    private static final String REPLICA_READING = "SELECT pg_is_in_recovery(),"
            + " (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint,"
            + " (pg_last_wal_receive_lsn() - '0/0'::pg_lsn)::bigint,"
            + " CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END,"
            + " pg_last_xact_replay_timestamp(),"
            + " (SELECT coalesce(status, 'running') FROM pg_stat_wal_receiver)";

    private final ProbeConnection primary;
    private final ProbeConnection replica;
    private final Duration maxLag;
    private final Duration interval;
    private final ReplayLag lag;
    private final ScheduledExecutorService scheduler;
    private volatile ReplicaStatus status;

    ReplicaLagProbe(ProbeConnection primary, ProbeConnection replica, Duration maxLag, Duration interval) {
        this.primary = primary;
        this.replica = replica;
        this.maxLag = maxLag;
        this.interval = interval;
        this.lag = new ReplayLag((int) (maxLag.toMillis() / Math.max(1, interval.toMillis())) + 2);
        this.status = ReplicaStatus.starting(maxLag);
        this.scheduler = ProbeThread.named("replica-lag-probe");
    }

    /** Runs the first check before it returns, then one every interval. */
    void start() {
        scheduler.execute(this::check);
        scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        try {
            scheduler.submit(() -> { }).get(interval.toMillis() * 4 + 10_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("The first replica check did not finish in time; reads go to the primary until one does");
        }
    }

    /** The last check's outcome. */
    public ReplicaStatus status() {
        return status;
    }

    void check() {
        try {
            long sampledAt = System.nanoTime();
            long primaryPosition = -1;
            String error = "";
            try {
                primaryPosition = readPrimary();
                lag.recordPrimary(sampledAt, primaryPosition);
            } catch (SQLException e) {
                primary.reset();
                error = "primary: " + message(e);
            }
            ReplicaReading reading = null;
            try {
                reading = readReplica();
            } catch (SQLException e) {
                replica.reset();
                lag.forgetReplica();
                error = (error.isEmpty() ? "" : error + "; ") + "replica: " + message(e);
            }
            update(primaryPosition, reading, error);
        } catch (RuntimeException e) {
            log.warn("Replica check failed unexpectedly", e);
        }
    }

    private void update(long primaryPosition, ReplicaReading reading, String error) {
        double lagSeconds = Double.NaN;
        ReplicaState state;
        if (reading == null) {
            state = ReplicaState.UNREACHABLE;
        } else if (!reading.inRecovery()) {
            lag.forgetReplica();
            state = ReplicaState.NOT_IN_RECOVERY;
        } else if (primaryPosition < 0) {
            state = ReplicaState.PRIMARY_UNREACHABLE;
        } else {
            long nanos = lag.lagNanos(reading.replayed());
            lagSeconds = nanos == ReplayLag.UNKNOWN ? Double.NaN : nanos / 1e9;
            state = nanos != ReplayLag.UNKNOWN && nanos <= maxLag.toNanos() ? ReplicaState.IN_USE : ReplicaState.STALE;
        }
        ReplicaStatus previous = status;
        Instant now = Instant.now();
        Instant since = previous.state() == state ? previous.since() : now;
        status = new ReplicaStatus(state, lagSeconds, maxLag, now, since, primaryPosition, reading, error);
        if (previous.state() != state) {
            logChange(previous.state(), status);
        }
    }

    private void logChange(ReplicaState before, ReplicaStatus now) {
        String lagText = Double.isNaN(now.lagSeconds()) ? "unknown" : String.format("%.3f s", now.lagSeconds());
        String detail = "lag " + lagText + ", bound " + maxLag.toMillis() / 1000.0 + " s" + (now.error().isEmpty() ? "" : ", " + now.error());
        if (now.state().readsFromReplica()) {
            log.info("Profile reads go to the replica ({})", detail);
        } else if (before.readsFromReplica() || before == ReplicaState.STARTING) {
            log.warn("Profile reads go to the primary: {} ({})", now.state().meaning(), detail);
        } else {
            log.warn("Profile reads stay on the primary: {} ({})", now.state().meaning(), detail);
        }
    }

    private long readPrimary() throws SQLException {
        try (Statement statement = primary.statement(); ResultSet row = statement.executeQuery(PRIMARY_POSITION)) {
            row.next();
            return row.getLong(1);
        }
    }

    private ReplicaReading readReplica() throws SQLException {
        try (Statement statement = replica.statement(); ResultSet row = statement.executeQuery(REPLICA_READING)) {
            row.next();
            long replayed = row.getLong(2);
            replayed = row.wasNull() ? -1 : replayed;
            long received = row.getLong(3);
            received = row.wasNull() ? -1 : received;
            OffsetDateTime lastCommit = row.getObject(5, OffsetDateTime.class);
            String receiver = row.getString(6);
            return new ReplicaReading(row.getBoolean(1), replayed, received, row.getBoolean(4),
                    lastCommit == null ? null : lastCommit.toInstant(), receiver == null ? "none" : receiver);
        }
    }

    private static String message(SQLException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        ProbeThread.stop(scheduler);
        primary.close();
        replica.close();
    }
}

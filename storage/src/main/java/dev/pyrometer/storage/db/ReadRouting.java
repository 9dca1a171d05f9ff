package dev.pyrometer.storage.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where profile reads go: to a streaming replica while its {@link ReplicaLagProbe} finds it usable (it answers,
 * replays the primary's WAL, and trails it by at most the lag bound), otherwise to the primary, so no answer
 * is staler than the bound. Without a replica every read goes to the primary. Reads of one thread stay on one
 * database while a {@link #pin()} is open. Whatever writes, or must see a write at once (tenants, tokens,
 * sessions), uses the primary's pool directly, never this.
 */
public final class ReadRouting implements AutoCloseable {
    /** How often the replica's lag is checked; also the lag's resolution. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final DataSource primary;
    private final HikariDataSource replica;
    private final ReplicaLagProbe probe;
    private final DataSource routed;
    private final LongAdder primaryReads = new LongAdder();
    private final LongAdder replicaReads = new LongAdder();
    private final ThreadLocal<ReadPin> pins = new ThreadLocal<>();

    private ReadRouting(DataSource primary, HikariDataSource replica, ReplicaLagProbe probe) {
        this.primary = primary;
        this.replica = replica;
        this.probe = probe;
        this.routed = new RoutedDataSource(this, primary);
    }

    /** Every read to {@code primary}. */
    public static ReadRouting primaryOnly(DataSource primary) {
        return new ReadRouting(primary, null, null);
    }

    /**
     * Reads to the replica that {@code replicaSettings} names while it is usable, else to {@code primary}. Opens a
     * pool on the replica (it may be down now: the pool connects once it is back) and runs the first check
     * before it returns.
     *
     * @param primarySettings how the primary is reached, for the probe's own connection (a URL, not the embedded server)
     * @param maxLag          the lag bound, at least {@link #CHECK_INTERVAL}
     */
    public static ReadRouting withReplica(DataSource primary, DatabaseSettings primarySettings, DatabaseSettings replicaSettings,
                                          Duration maxLag) {
        if (maxLag == null || maxLag.compareTo(CHECK_INTERVAL) < 0) {
            throw new IllegalArgumentException("the replica's lag bound must be at least " + CHECK_INTERVAL.toSeconds()
                    + "s (the lag is checked once a second), got " + maxLag);
        }
        if (primarySettings.local() || replicaSettings.local()) {
            throw new IllegalArgumentException("a replica needs JDBC URLs for both the primary and the replica");
        }
        HikariConfig config = Database.poolConfig(replicaSettings, replicaSettings.url());
        config.setInitializationFailTimeout(-1);
        HikariDataSource replica = new HikariDataSource(config);
        ReplicaLagProbe probe = new ReplicaLagProbe(
                new ProbeConnection(primarySettings.url(), primarySettings.username(), primarySettings.password(), CHECK_INTERVAL,
                        "pyrometer-replica-probe"),
                new ProbeConnection(replicaSettings.url(), replicaSettings.username(), replicaSettings.password(), CHECK_INTERVAL,
                        "pyrometer-replica-probe"),
                maxLag, CHECK_INTERVAL);
        probe.start();
        return new ReadRouting(primary, replica, probe);
    }

    /** The data source profile readers take: each connection from the database reads go to now (or the pinned one). */
    public DataSource dataSource() {
        return routed;
    }

    /** The replica's last check, when a replica is configured. */
    public Optional<ReplicaStatus> replicaStatus() {
        return probe == null ? Optional.empty() : Optional.of(probe.status());
    }

    /** The database a read that is not pinned goes to now. */
    public ReadTarget current() {
        return probe != null && probe.status().state().readsFromReplica() ? ReadTarget.REPLICA : ReadTarget.PRIMARY;
    }

    /** Connections taken for profile reads from {@code target} since start. */
    public long reads(ReadTarget target) {
        return (target == ReadTarget.REPLICA ? replicaReads : primaryReads).sum();
    }

    /** Keeps this thread's reads on one database until the pin is closed (see {@link ReadPin}). */
    public ReadPin pin() {
        ReadPin open = pins.get();
        if (open != null) {
            return new ReadPin(pins, false);
        }
        ReadPin pin = new ReadPin(pins, true);
        pins.set(pin);
        return pin;
    }

    Connection connection() throws SQLException {
        ReadPin pin = pins.get();
        ReadTarget target = pin == null ? current() : pin.target(current());
        if (target == ReadTarget.REPLICA) {
            replicaReads.increment();
            return replica.getConnection();
        }
        primaryReads.increment();
        return primary.getConnection();
    }

    /** Stops the probe and closes the replica's pool; the primary's pool belongs to its owner. */
    @Override
    public void close() {
        if (probe != null) {
            probe.close();
        }
        if (replica != null) {
            replica.close();
        }
    }
}

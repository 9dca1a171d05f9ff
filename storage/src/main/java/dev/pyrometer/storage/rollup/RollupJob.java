package dev.pyrometer.storage.rollup;

import dev.pyrometer.storage.db.SqlArrays;
import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.payload.PayloadMerger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the rollup tiers equal to the raw tier. Each run takes the buckets marked in
 * {@code rollup_pending} whose end lies at least {@code grace} in the past, and for each, in one
 * transaction: clears the mark, recomputes the bucket of every series from the tier below,
 * upserts it, and marks the enclosing bucket of the next tier. A crash loses nothing: an
 * uncommitted bucket keeps its mark. Late rows re-mark their minute and it is recomputed. Only one
 * replica runs at a time (a session advisory lock); for the minute tier an exclusive per-minute
 * advisory lock waits for writers still inserting into that minute.
 */
public final class RollupJob {
    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);
    private static final long JOB_LOCK = 0x7079726f_726f6c6cL;

    private final DataSource dataSource;
    private final Duration grace;
    private final int bucketsPerRun;

    /**
     * @param grace         how long after a bucket ends before it is rolled up, so that a bucket is
     *                      normally computed once, after its last on-time row
     * @param bucketsPerRun at most this many buckets per tier per run
     */
    public RollupJob(DataSource dataSource, Duration grace, int bucketsPerRun) {
        this.dataSource = dataSource;
        this.grace = grace;
        this.bucketsPerRun = bucketsPerRun;
    }

    /** Runs every tier once; returns the number of buckets recomputed (0 when another replica is running). */
    public int runOnce(Instant now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!tryLock(connection)) {
                return 0;
            }
            try {
                int done = 0;
                for (Tier tier : Tier.values()) {
                    done += runTier(connection, tier, now);
                }
                return done;
            } finally {
                try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, JOB_LOCK);
                    unlock.executeQuery().close();
                }
            }
        }
    }

    private int runTier(Connection connection, Tier tier, Instant now) throws SQLException {
        Instant latestBucket = now.minus(grace).minus(tier.width());
        List<Object[]> due = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT tenant_id, (extract(epoch FROM bucket))::bigint FROM rollup_pending "
                        + "WHERE tier = ? AND bucket <= to_timestamp(?) ORDER BY bucket LIMIT ?")) {
            statement.setInt(1, tier.code());
            statement.setLong(2, latestBucket.getEpochSecond());
            statement.setInt(3, bucketsPerRun);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    due.add(new Object[] {rows.getInt(1), rows.getLong(2)});
                }
            }
        }
        for (Object[] bucket : due) {
            recompute(connection, tier, (Integer) bucket[0], (Long) bucket[1]);
        }
        if (!due.isEmpty()) {
            log.debug("Rolled up {} {} buckets", due.size(), tier);
        }
        return due.size();
    }

    private void recompute(Connection connection, Tier tier, int tenantId, long bucketSeconds) throws SQLException {
        long endSeconds = bucketSeconds + tier.width().toSeconds();
        connection.setAutoCommit(false);
        try {
            if (tier == Tier.MINUTE) {
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
                    lock.setInt(1, tenantId);
                    lock.setInt(2, Math.toIntExact(bucketSeconds / 60));
                    lock.executeQuery().close();
                }
            }
            try (PreparedStatement clear = connection.prepareStatement(
                    "DELETE FROM rollup_pending WHERE tier = ? AND bucket = to_timestamp(?) AND tenant_id = ?")) {
                clear.setInt(1, tier.code());
                clear.setLong(2, bucketSeconds);
                clear.setInt(3, tenantId);
                clear.executeUpdate();
            }
            Map<Long, PayloadMerger> bySeries = readSource(connection, tier, tenantId, bucketSeconds, endSeconds);
            upsert(connection, tier, tenantId, bucketSeconds, bySeries);
            Tier parent = tier.parent();
            if (parent != null && !bySeries.isEmpty()) {
                try (PreparedStatement mark = connection.prepareStatement(
                        "INSERT INTO rollup_pending (tenant_id, tier, bucket) VALUES (?, ?, date_trunc(?, to_timestamp(?), 'UTC')) "
                                + "ON CONFLICT DO NOTHING")) {
                    mark.setInt(1, tenantId);
                    mark.setInt(2, parent.code());
                    mark.setString(3, parent == Tier.HOUR ? "hour" : "day");
                    mark.setLong(4, bucketSeconds);
                    mark.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private Map<Long, PayloadMerger> readSource(Connection connection, Tier tier, int tenantId, long from, long to) throws SQLException {
        String sql = tier == Tier.MINUTE
                ? "SELECT series_id, 1, payload FROM profile WHERE tenant_id = ? AND time >= to_timestamp(?) AND time < to_timestamp(?)"
                : "SELECT series_id, snapshots, payload FROM " + Tier.values()[tier.ordinal() - 1].table()
                        + " WHERE tenant_id = ? AND bucket >= to_timestamp(?) AND bucket < to_timestamp(?)";
        Map<Long, PayloadMerger> bySeries = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, tenantId);
            statement.setLong(2, from);
            statement.setLong(3, to);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    bySeries.computeIfAbsent(rows.getLong(1), id -> new PayloadMerger())
                            .add(PayloadCodec.decode(rows.getBytes(3)), rows.getInt(2));
                }
            }
        }
        return bySeries;
    }

    private void upsert(Connection connection, Tier tier, int tenantId, long bucketSeconds, Map<Long, PayloadMerger> bySeries) throws SQLException {
        if (bySeries.isEmpty()) {
            return;
        }
        int n = bySeries.size();
        long[] seriesIds = new long[n];
        int[] snapshots = new int[n];
        long[] totals = new long[n];
        byte[][] payloads = new byte[n][];
        int i = 0;
        for (Map.Entry<Long, PayloadMerger> entry : bySeries.entrySet()) {
            Payload merged = entry.getValue().result();
            seriesIds[i] = entry.getKey();
            snapshots[i] = entry.getValue().snapshots();
            totals[i] = merged.total();
            payloads[i++] = PayloadCodec.encode(merged);
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + tier.table() + " (series_id, bucket, snapshots, tenant_id, total, payload) "
                        + "SELECT u.series_id, to_timestamp(?), u.snapshots, ?, u.total, u.payload "
                        + "FROM unnest(?::bigint[], ?::int[], ?::bigint[], ?::bytea[]) AS u(series_id, snapshots, total, payload) "
                        + "ON CONFLICT (series_id, bucket) DO UPDATE SET snapshots = excluded.snapshots, "
                        + "total = excluded.total, payload = excluded.payload")) {
            statement.setLong(1, bucketSeconds);
            statement.setInt(2, tenantId);
            statement.setArray(3, SqlArrays.int8(connection, seriesIds));
            statement.setArray(4, SqlArrays.int4(connection, snapshots));
            statement.setArray(5, SqlArrays.int8(connection, totals));
            statement.setArray(6, SqlArrays.bytea(connection, payloads));
            statement.executeUpdate();
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, JOB_LOCK);
            try (ResultSet rows = lock.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }
}

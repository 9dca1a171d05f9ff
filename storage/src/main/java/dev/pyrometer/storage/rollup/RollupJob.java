package dev.pyrometer.storage.rollup;

import dev.pyrometer.storage.chunk.ChunkCompaction;
import dev.pyrometer.storage.chunk.RawRows;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Keeps the rollup tiers equal to the raw tier. Each run takes, tier by tier (finest first), the
 * buckets marked in {@code rollup_pending} whose end lies at least {@code grace} in the past, and
 * for each (tenant, bucket), in one transaction: clears the mark, recomputes the bucket of every
 * series and every group of the tenant, upserts them, and marks the enclosing bucket of the next
 * tier. A minute bucket is computed per group from raw rows, with its six ten-second buckets (each listing the
 * snapshots it merged: {@link MemberSnapshots}); a
 * ten-minute bucket per series from raw rows, whose rows it then moves into chunks ({@link ChunkCompaction}); an hour or
 * day bucket per series from the tier below; each group bucket above the minute is the sum of its members' buckets. A crash loses nothing: an uncommitted bucket keeps
 * its mark, and late rows re-mark their minute. Only one replica runs at a time (a session
 * advisory lock); within a run, up to {@code threads} buckets of a tier are computed at once, each
 * on its own connection. For raw reads an exclusive per-minute advisory lock (ten of them for a ten-minute bucket)
 * waits for writers still inserting into that minute.
 * <p>
 * A group bucket is stored only where it stands for at least {@code groupMinRows} rows a read would otherwise fetch:
 * raw rows for a minute, member buckets above it. Below that, a group bucket costs about as much to store as what it
 * replaces and saves a read little, so readers fetch those rows instead (see {@code GroupRows}); a group bucket
 * that falls below the bound when recomputed is deleted, so a stored one is never stale. A ten-second group bucket
 * needs {@code tenSecondMinRows} raw rows for its stacks; from {@code groupMinRows} up it is stored with its list of
 * snapshots alone ({@link MemberSnapshots}), which is all a read of it needs to find them. So is every ten-second
 * bucket, down to an empty one, of a minute where the group had {@code groupMinRows} members or more with rows: a read
 * of a range there would otherwise look up each of them. A series' ten-minute bucket
 * is stored without its stacks where its group's bucket is stored, in the same transaction, and the type is summed
 * ({@link SeriesBuckets}); its hour is then computed with the raw rows of that bucket.
 */
public final class RollupJob implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);
    private static final long JOB_LOCK = 0x7079726f_726f6c6cL;
    /** Rows fetched per round trip: a ten-minute bucket of a busy tenant holds millions of raw rows. */
    private static final int FETCH_ROWS = 5_000;

    private final DataSource dataSource;
    private final Duration grace;
    private final int bucketsPerRun;
    private final int groupMinRows;
    private final int tenSecondMinRows;
    private final ExecutorService workers;
    private final GroupMembership groups = new GroupMembership();

    /** Rows a group bucket must stand for to be stored, by default (see the class comment). */
    public static final int DEFAULT_GROUP_MIN_ROWS = 4;
    /**
     * How many times as many raw rows a ten-second group bucket must stand for: six of them make a minute, so storing
     * them where a minute bucket would just pay would cost six times its storage; three times the bound (12 rows) keeps
     * them to groups big and busy enough (20 pods at a 10 s cadence, about 75 at 60 s) that their raw rows dwarf them.
     */
    public static final int TEN_SECOND_FACTOR = 3;

    /** A job computing one bucket at a time. */
    public RollupJob(DataSource dataSource, Duration grace, int bucketsPerRun) {
        this(dataSource, grace, bucketsPerRun, 1);
    }

    /** A job storing group buckets from {@link #DEFAULT_GROUP_MIN_ROWS} rows up. */
    public RollupJob(DataSource dataSource, Duration grace, int bucketsPerRun, int threads) {
        this(dataSource, grace, bucketsPerRun, threads, DEFAULT_GROUP_MIN_ROWS);
    }

    /**
     * @param grace         how long after a bucket ends before it is rolled up, so that a bucket is
     *                      normally computed once, after its last on-time row
     * @param bucketsPerRun at most this many buckets per tier per run
     * @param threads       buckets of one tier computed at once (each holds a pooled connection)
     * @param groupMinRows  rows a group bucket must stand for to be stored: raw rows for a minute, member buckets above;
     *                      {@link #TEN_SECOND_FACTOR} times as many raw rows for ten seconds
     */
    public RollupJob(DataSource dataSource, Duration grace, int bucketsPerRun, int threads, int groupMinRows) {
        this(dataSource, grace, bucketsPerRun, threads, groupMinRows, groupMinRows * TEN_SECOND_FACTOR);
    }

    /** As the constructor above, with the bound of ten-second group buckets set apart. */
    public RollupJob(DataSource dataSource, Duration grace, int bucketsPerRun, int threads, int groupMinRows, int tenSecondMinRows) {
        if (threads < 1) {
            throw new IllegalArgumentException("rollup threads must be at least 1, was " + threads);
        }
        if (groupMinRows < 1 || tenSecondMinRows < 1) {
            throw new IllegalArgumentException("the rows a group bucket stands for must be at least 1, was " + groupMinRows + " and "
                    + tenSecondMinRows);
        }
        this.groupMinRows = groupMinRows;
        this.tenSecondMinRows = tenSecondMinRows;
        this.dataSource = dataSource;
        this.grace = grace;
        this.bucketsPerRun = bucketsPerRun;
        this.workers = threads == 1 ? null : Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "pyrometer-rollup");
            thread.setDaemon(true);
            return thread;
        });
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
                    if (tier.marked()) {
                        done += runTier(connection, tier, now);
                    }
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

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private int runTier(Connection connection, Tier tier, Instant now) throws SQLException {
        Instant latestBucket = now.minus(grace).minus(tier.width());
        List<long[]> due = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT tenant_id, (extract(epoch FROM bucket))::bigint FROM rollup_pending "
                        + "WHERE tier = ? AND bucket <= to_timestamp(?) ORDER BY bucket LIMIT ?")) {
            statement.setInt(1, tier.code());
            statement.setLong(2, latestBucket.getEpochSecond());
            statement.setInt(3, bucketsPerRun);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    due.add(new long[] {rows.getInt(1), rows.getLong(2)});
                }
            }
        }
        if (workers == null || due.size() < 2) {
            for (long[] bucket : due) {
                recompute(connection, tier, (int) bucket[0], bucket[1]);
            }
        } else {
            List<Future<?>> running = new ArrayList<>(due.size());
            for (long[] bucket : due) {
                running.add(workers.submit(() -> {
                    try (Connection own = dataSource.getConnection()) {
                        recompute(own, tier, (int) bucket[0], bucket[1]);
                    }
                    return null;
                }));
            }
            awaitAll(running);
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
            if (tier.source() == null) {
                for (long minute = bucketSeconds; minute < endSeconds; minute += 60) {
                    waitForWriter(connection, tenantId, minute);
                }
            }
            try (PreparedStatement clear = connection.prepareStatement(
                    "DELETE FROM rollup_pending WHERE tier = ? AND bucket = to_timestamp(?) AND tenant_id = ?")) {
                clear.setInt(1, tier.code());
                clear.setLong(2, bucketSeconds);
                clear.setInt(3, tenantId);
                clear.executeUpdate();
            }
            TenSecondBuckets tenSeconds = tier == Tier.MINUTE ? new TenSecondBuckets() : null;
            Map<Long, Merged> bySource = merged(readSource(connection, tier, tenantId, bucketSeconds, endSeconds, tenSeconds));
            GroupBuckets groupBuckets = byGroup(connection, tier, bySource, Set.of());
            if (tier.seriesTable() != null) {
                upsert(connection, tier.seriesTable(), "series_id", tenantId, bucketSeconds, bySource,
                        tier == Tier.FINEST_PER_SERIES ? withoutStacks(connection, bySource, groupBuckets) : Set.of(), null);
            }
            if (tier == Tier.FINEST_PER_SERIES && !bySource.isEmpty()) {
                long[] seriesIds = bySource.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
                long[] groupIds = groups.groupsOf(connection, bySource.keySet()).values().stream().mapToLong(Long::longValue)
                        .distinct().sorted().toArray();
                recordSeen(connection, "series", seriesIds, bucketSeconds, endSeconds);
                recordSeen(connection, "series_group", groupIds, bucketSeconds, endSeconds);
                ChunkCompaction.compact(connection, tenantId, bucketSeconds);
            }
            storeGroupBuckets(connection, tier, tenantId, bucketSeconds, groupBuckets, null);
            if (tenSeconds != null) {
                Set<Long> busy = busyGroups(connection, bySource.keySet());
                for (long second = bucketSeconds; second < endSeconds; second += Tier.TEN_SECONDS.width().toSeconds()) {
                    Map<Long, PayloadMerger> bySeries = tenSeconds.bySeries(second);
                    if (bySeries.isEmpty() && busy.isEmpty()) {
                        continue;
                    }
                    storeGroupBuckets(connection, Tier.TEN_SECONDS, tenantId, second, byGroup(connection, Tier.TEN_SECONDS, merged(bySeries), busy),
                            tenSeconds.byGroup(second, groups.groupsOf(connection, bySeries.keySet()), busy));
                }
            }
            Tier parent = tier.parent();
            if (parent != null && !bySource.isEmpty()) {
                try (PreparedStatement mark = connection.prepareStatement(
                        "INSERT INTO rollup_pending (tenant_id, tier, bucket) VALUES (?, ?, to_timestamp(?)) ON CONFLICT DO NOTHING")) {
                    mark.setInt(1, tenantId);
                    mark.setInt(2, parent.code());
                    mark.setLong(3, parent.bucketOf(bucketSeconds));
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

    /**
     * Takes the minute's lock exclusively: writers hold it shared until their rows and their minute mark commit
     * (see ProfileWriter), so the mark cleared here cannot belong to a row this read misses. Ten-minute buckets
     * take the locks of their ten minutes (in ascending order, as writers take theirs) because they also move the
     * raw rows into chunks, which must not miss a row in flight.
     */
    private static void waitForWriter(Connection connection, int tenantId, long minuteSeconds) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            lock.setInt(1, tenantId);
            lock.setInt(2, Math.toIntExact(minuteSeconds / 60));
            lock.executeQuery().close();
        }
    }

    /**
     * Widens the [first_seen, last_seen) span of the series (or groups) with data in a bucket to cover it; {@code ids}
     * ascending, so concurrent buckets lock the rows in one order.
     */
    private static void recordSeen(Connection connection, String table, long[] ids, long fromSeconds, long toSeconds) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "UPDATE " + table + " SET first_seen = LEAST(coalesce(first_seen, to_timestamp(?)), to_timestamp(?)), "
                        + "last_seen = GREATEST(coalesce(last_seen, to_timestamp(?)), to_timestamp(?)) WHERE id = ANY(?)")) {
            statement.setLong(1, fromSeconds);
            statement.setLong(2, fromSeconds);
            statement.setLong(3, toSeconds);
            statement.setLong(4, toSeconds);
            statement.setArray(5, SqlArrays.int8(connection, ids));
            statement.executeUpdate();
        }
    }

    /**
     * Stores a bucket's group sums that stand for enough rows, those of ten-second buckets listed only without their
     * stacks, and deletes the stored bucket of the others.
     *
     * @param members for ten-second buckets, each group's list of the snapshots it merged; else null
     */
    private static void storeGroupBuckets(Connection connection, Tier tier, int tenantId, long bucketSeconds, GroupBuckets groupBuckets,
                                          Map<Long, MemberSnapshots> members) throws SQLException {
        deleteBelowBound(connection, tier.groupTable(), bucketSeconds, groupBuckets.below());
        Map<Long, Merged> stored = groupBuckets.kept();
        if (!groupBuckets.listedOnly().isEmpty()) {
            stored = new HashMap<>(stored);
            stored.putAll(groupBuckets.listedOnly());
        }
        upsert(connection, tier.groupTable(), "group_id", tenantId, bucketSeconds, stored, groupBuckets.listedOnly().keySet(), members);
    }

    /**
     * The series of a ten-minute bucket stored without their stacks ({@link SeriesBuckets}): summed types whose group's
     * bucket is stored, standing for few snapshots.
     */
    private Set<Long> withoutStacks(Connection connection, Map<Long, Merged> bySeries, GroupBuckets groupBuckets) throws SQLException {
        Map<Long, GroupMembership.Member> members = groups.membersOf(connection, bySeries.keySet());
        Set<Long> result = new HashSet<>();
        bySeries.forEach((series, merged) -> {
            GroupMembership.Member member = members.get(series);
            if (SeriesBuckets.withoutStacks(member.summed(), groupBuckets.kept().containsKey(member.groupId()), merged.snapshots())) {
                result.add(series);
            }
        });
        return result;
    }

    /**
     * Per series, the merge of the bucket's source rows: raw rows for minute and ten-minute buckets, else the tier
     * below, where a ten-minute bucket stored without its stacks counts as its raw rows ({@link SeriesBuckets}). When
     * {@code tenSeconds} is given (raw rows only), each row is also added to it.
     */
    private static Map<Long, PayloadMerger> readSource(Connection connection, Tier tier, int tenantId, long from, long to,
                                                       TenSecondBuckets tenSeconds) throws SQLException {
        Tier source = tier.source();
        Map<Long, PayloadMerger> bySeries = new HashMap<>();
        List<long[]> withoutStacks = new ArrayList<>();
        String sql = source == null
                ? "SELECT series_id, 1, payload, (extract(epoch FROM time) * 1000000)::bigint FROM "
                        + RawRows.between("tenant_id = " + tenantId, "to_timestamp(" + from + ")", "to_timestamp(" + to + ")") + " AS r"
                : "SELECT series_id, snapshots, payload, (extract(epoch FROM bucket) * 1000000)::bigint FROM " + source.seriesTable()
                        + " WHERE tenant_id = " + tenantId + " AND bucket >= to_timestamp(" + from + ") AND bucket < to_timestamp(" + to + ")";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            merge(statement, bySeries, tenSeconds, withoutStacks);
        }
        if (!withoutStacks.isEmpty()) {
            try (PreparedStatement statement = connection.prepareStatement("SELECT e.key, 1, r.payload FROM " + SeriesBuckets.RAW_ROWS)) {
                SeriesBuckets.bindRawRows(connection, statement, withoutStacks);
                merge(statement, bySeries, null, withoutStacks);
            }
        }
        return bySeries;
    }

    /**
     * Merges the rows of {@code statement}: series id, snapshots, payload, then the time (raw rows, used with
     * {@code tenSeconds}) or the bucket's start, in µs. A bucket without its payload is added to
     * {@code withoutStacks} as (series, series, bucket start), for its raw rows to be merged instead.
     */
    private static void merge(PreparedStatement statement, Map<Long, PayloadMerger> bySeries, TenSecondBuckets tenSeconds,
                              List<long[]> withoutStacks) throws SQLException {
        statement.setFetchSize(FETCH_ROWS);
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                byte[] bytes = rows.getBytes(3);
                if (bytes == null) {
                    withoutStacks.add(new long[] {rows.getLong(1), rows.getLong(1), rows.getLong(4)});
                    continue;
                }
                Payload payload = PayloadCodec.decode(bytes);
                bySeries.computeIfAbsent(rows.getLong(1), id -> new PayloadMerger()).add(payload, rows.getInt(2));
                if (tenSeconds != null) {
                    tenSeconds.add(rows.getLong(1), rows.getLong(4), payload);
                }
            }
        }
    }

    /** One bucket's merged payload of a series or group, and the snapshots it holds. */
    private record Merged(Payload payload, int snapshots) {
    }

    /** Each merger's result, computed once for both the series' and their groups' rows. */
    private static Map<Long, Merged> merged(Map<Long, PayloadMerger> byKey) {
        Map<Long, Merged> result = new HashMap<>(byKey.size() * 2);
        byKey.forEach((key, merger) -> result.put(key, new Merged(merger.result(), merger.snapshots())));
        return result;
    }

    /**
     * A bucket's group sums to store; the ten-second ones to store without their stacks, with only their list of
     * snapshots (they stand for fewer rows than {@code tenSecondMinRows} but as many as {@code groupMinRows}); and the
     * groups with data whose bucket stands for too few rows to be stored.
     */
    private record GroupBuckets(Map<Long, Merged> kept, Map<Long, Merged> listedOnly, long[] below) {
    }

    /**
     * The groups of a minute's series ({@code seriesIds}: those with raw rows in it) with at least {@code groupMinRows}
     * of them: a raw range there costs a read of that many members or more, so each of the minute's ten-second buckets
     * is stored for them, listed alone where it stands for too few rows for its stacks, and empty where it holds none.
     */
    private Set<Long> busyGroups(Connection connection, Set<Long> seriesIds) throws SQLException {
        Map<Long, Integer> members = new HashMap<>();
        groups.groupsOf(connection, seriesIds).values().forEach(group -> members.merge(group, 1, Integer::sum));
        Set<Long> busy = new HashSet<>();
        members.forEach((group, count) -> {
            if (count >= groupMinRows) {
                busy.add(group);
            }
        });
        return busy;
    }

    /**
     * The series' merges summed per group, split by whether each group's bucket stands for enough rows. A ten-second
     * bucket of a group in {@code busy} (see {@link #busyGroups}) is listed at least, with no rows as an empty one.
     */
    private GroupBuckets byGroup(Connection connection, Tier tier, Map<Long, Merged> bySeries, Set<Long> busy) throws SQLException {
        Map<Long, Long> groupOf = groups.groupsOf(connection, bySeries.keySet());
        Map<Long, PayloadMerger> sums = new HashMap<>();
        Map<Long, Integer> members = new HashMap<>();
        bySeries.forEach((series, sum) -> {
            long group = groupOf.get(series);
            sums.computeIfAbsent(group, id -> new PayloadMerger()).add(sum.payload(), sum.snapshots());
            members.merge(group, 1, Integer::sum);
        });
        Map<Long, Merged> kept = new HashMap<>(sums.size() * 2);
        Map<Long, Merged> listedOnly = new HashMap<>();
        List<Long> below = new ArrayList<>();
        sums.forEach((group, merger) -> {
            int replaced = tier.seriesTable() == null ? merger.snapshots() : members.get(group);
            if (replaced >= (tier == Tier.TEN_SECONDS ? tenSecondMinRows : groupMinRows)) {
                kept.put(group, new Merged(merger.result(), merger.snapshots()));
            } else if (tier == Tier.TEN_SECONDS && (replaced >= groupMinRows || busy.contains(group))) {
                listedOnly.put(group, new Merged(merger.result(), merger.snapshots()));
            } else {
                below.add(group);
            }
        });
        for (long group : busy) {
            if (!sums.containsKey(group)) {
                listedOnly.put(group, new Merged(new PayloadMerger().result(), 0));
            }
        }
        return new GroupBuckets(kept, listedOnly, below.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    /** Deletes what is stored of {@code groupIds}' bucket: recomputed, it stands for too few rows to be kept. */
    private static void deleteBelowBound(Connection connection, String table, long bucketSeconds, long[] groupIds) throws SQLException {
        if (groupIds.length == 0) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM " + table + " WHERE group_id = ANY(?) AND bucket = to_timestamp(?)")) {
            statement.setArray(1, SqlArrays.int8(connection, groupIds));
            statement.setLong(2, bucketSeconds);
            statement.executeUpdate();
        }
    }

    /**
     * Upserts one bucket's rows; those of {@code withoutStacks} get a NULL payload (their total and snapshots kept).
     * With {@code members} (ten-second group buckets) each row also gets its key's {@link MemberSnapshots}.
     */
    private static void upsert(Connection connection, String table, String keyColumn, int tenantId, long bucketSeconds,
                               Map<Long, Merged> byKey, Set<Long> withoutStacks, Map<Long, MemberSnapshots> members) throws SQLException {
        if (byKey.isEmpty()) {
            return;
        }
        int n = byKey.size();
        long[] keys = new long[n];
        int[] snapshots = new int[n];
        long[] totals = new long[n];
        byte[][] payloads = new byte[n][];
        int i = 0;
        for (Map.Entry<Long, Merged> entry : byKey.entrySet()) {
            Payload merged = entry.getValue().payload();
            keys[i] = entry.getKey();
            snapshots[i] = entry.getValue().snapshots();
            totals[i] = merged.total();
            payloads[i++] = withoutStacks.contains(entry.getKey()) ? null : PayloadCodec.encode(merged);
        }
        boolean listed = members != null;
        // the lists go flat, each row taking its slice [first, last] (1-based) of both arrays
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO " + table + " (" + keyColumn + ", bucket, snapshots, tenant_id, total, payload"
                        + (listed ? ", member_series, member_offsets" : "") + ") "
                        + "SELECT u.k, to_timestamp(?), u.snapshots, ?, u.total, u.payload"
                        + (listed ? ", (?::bigint[])[u.first:u.last], (?::int[])[u.first:u.last]" : "") + " "
                        + "FROM unnest(?::bigint[], ?::int[], ?::bigint[], ?::bytea[]" + (listed ? ", ?::int[], ?::int[]" : "")
                        + ") AS u(k, snapshots, total, payload" + (listed ? ", first, last" : "") + ") "
                        + "ON CONFLICT (" + keyColumn + ", bucket) DO UPDATE SET snapshots = excluded.snapshots, "
                        + "total = excluded.total, payload = excluded.payload"
                        + (listed ? ", member_series = excluded.member_series, member_offsets = excluded.member_offsets" : ""))) {
            int parameter = 1;
            statement.setLong(parameter++, bucketSeconds);
            statement.setInt(parameter++, tenantId);
            MemberSnapshots.Flat flat = listed ? MemberSnapshots.flatten(keys, members) : null;
            if (listed) {
                statement.setArray(parameter++, SqlArrays.int8(connection, flat.series()));
                statement.setArray(parameter++, SqlArrays.int4(connection, flat.offsets()));
            }
            statement.setArray(parameter++, SqlArrays.int8(connection, keys));
            statement.setArray(parameter++, SqlArrays.int4(connection, snapshots));
            statement.setArray(parameter++, SqlArrays.int8(connection, totals));
            statement.setArray(parameter++, SqlArrays.bytea(connection, payloads));
            if (listed) {
                statement.setArray(parameter++, SqlArrays.int4(connection, flat.first()));
                statement.setArray(parameter, SqlArrays.int4(connection, flat.last()));
            }
            statement.executeUpdate();
        }
    }

    private static void awaitAll(List<Future<?>> running) throws SQLException {
        SQLException failure = null;
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(other -> other.cancel(true));
                throw new SQLException("interrupted while rolling up", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
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

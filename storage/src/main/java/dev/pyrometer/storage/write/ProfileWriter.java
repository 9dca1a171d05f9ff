package dev.pyrometer.storage.write;

import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.db.SqlArrays;
import dev.pyrometer.storage.dictionary.SymbolResolver;
import dev.pyrometer.storage.partition.DailyPartitions;
import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.series.SeriesRegistry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Stores batches of uploads in the raw tier. Symbols, series and partitions are resolved first,
 * each committed on its own (they are content-addressed, so a later failure leaves nothing wrong);
 * then the batch's rows and their rollup marks commit in one transaction, so a batch is stored
 * whole or not at all. A row whose (series, time, receipt) is already stored is skipped, which
 * makes a retried upload a no-op: in {@code profile} the unique index finds it, in a chunk of
 * closed ten minutes (see {@code ChunkCompaction}) a probe of the series' chunk for that bucket,
 * which the writer's shared minute lock keeps from moving while the batch commits. Thread-safe.
 */
public final class ProfileWriter {
    private static final String INSERT_ROWS =
            "INSERT INTO profile (series_id, time, receipt, total, tenant_id, payload) "
                    + "SELECT u.series_id, timestamptz 'epoch' + u.micros * interval '1 microsecond', u.receipt, u.total, u.tenant_id, u.payload "
                    + "FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::int[], ?::bytea[]) "
                    + "AS u(series_id, micros, receipt, total, tenant_id, payload) "
                    + "WHERE NOT coalesce((SELECT true FROM profile_chunk chunk "
                    + "CROSS JOIN LATERAL unnest(chunk.times, chunk.receipts) AS k(time, receipt) "
                    + "WHERE chunk.series_id = u.series_id AND chunk.bucket = to_timestamp(600 * floor(u.micros / 600000000.0)) "
                    + "AND k.time = timestamptz 'epoch' + u.micros * interval '1 microsecond' AND k.receipt = u.receipt LIMIT 1), false) "
                    + "ON CONFLICT (series_id, time, receipt) DO NOTHING "
                    + "RETURNING series_id, receipt, (extract(epoch FROM time) * 1000000)::bigint, tenant_id";
    /**
     * Writers hold a shared advisory lock on each (tenant, minute) they write; the rollup job takes
     * it exclusively while it recomputes that minute, so it never misses a row in flight.
     */
    private static final String LOCK_MINUTES =
            "SELECT count(pg_advisory_xact_lock_shared(k.tenant_id, k.minute)) FROM "
                    + "(SELECT * FROM unnest(?::int[], ?::int[]) AS u(tenant_id, minute) ORDER BY 1, 2) AS k";
    private static final String MARK_MINUTES =
            "INSERT INTO rollup_pending (tenant_id, tier, bucket) "
                    + "SELECT u.tenant_id, 1, timestamptz 'epoch' + u.minute * interval '1 minute' "
                    + "FROM unnest(?::int[], ?::int[]) AS u(tenant_id, minute) ON CONFLICT DO NOTHING";

    private final DataSource dataSource;
    private final SeriesRegistry registry;
    private final SymbolResolver symbols;
    private final DailyPartitions partitions;

    public ProfileWriter(DataSource dataSource, SeriesRegistry registry, SymbolResolver symbols, DailyPartitions partitions) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.symbols = symbols;
        this.partitions = partitions;
    }

    /** Stores the uploads; the outcomes are in upload order. On an exception nothing of the batch is stored. */
    public List<WriteOutcome> write(List<Upload> uploads) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            Rows rows = prepareRows(connection, uploads);
            for (LocalDate day : rows.days) {
                partitions.ensure(connection, day);
            }
            boolean[] stored = insert(connection, rows, uploads.size());
            List<WriteOutcome> outcomes = new ArrayList<>(uploads.size());
            for (int i = 0; i < uploads.size(); i++) {
                outcomes.add(stored[i] || uploads.get(i).series().isEmpty() ? WriteOutcome.STORED : WriteOutcome.DUPLICATE);
            }
            return outcomes;
        }
    }

    public SymbolResolver symbols() {
        return symbols;
    }

    public SeriesRegistry registry() {
        return registry;
    }

    private Rows prepareRows(Connection connection, List<Upload> uploads) throws SQLException {
        Map<String, Iterator<long[]>> stackIds = stackIdsByTenant(connection, uploads);
        Rows rows = new Rows();
        for (int u = 0; u < uploads.size(); u++) {
            Upload upload = uploads.get(u);
            int tenantId = registry.tenantId(connection, upload.tenant());
            long receipt = Receipts.of(upload.id());
            Iterator<long[]> tenantStackIds = stackIds.get(upload.tenant());
            for (SeriesProfile profile : upload.series()) {
                long seriesId = registry.seriesId(connection, tenantId, profile.type(), profile.labels());
                long micros = Math.floorDiv(profile.timeNanos(), 1000);
                byte[] payload = PayloadCodec.encode(profile.period(), profile.durationNanos(), tenantStackIds.next(), profile.values());
                rows.add(u, seriesId, micros, receipt, profile.total(), tenantId, payload);
            }
        }
        return rows;
    }

    /**
     * Per tenant, the stack ids of every series of its uploads, in batch order. Symbols are resolved once per tenant
     * for the whole batch, not per upload: the uploads of one batch share most of their frames and stacks.
     */
    private Map<String, Iterator<long[]>> stackIdsByTenant(Connection connection, List<Upload> uploads) throws SQLException {
        Map<String, List<SeriesProfile>> seriesByTenant = new LinkedHashMap<>();
        for (Upload upload : uploads) {
            seriesByTenant.computeIfAbsent(upload.tenant(), tenant -> new ArrayList<>()).addAll(upload.series());
        }
        Map<String, Iterator<long[]>> stackIds = new HashMap<>();
        for (Map.Entry<String, List<SeriesProfile>> tenant : seriesByTenant.entrySet()) {
            int tenantId = registry.tenantId(connection, tenant.getKey());
            stackIds.put(tenant.getKey(), symbols.stackIds(connection, tenantId, tenant.getValue()).iterator());
        }
        return stackIds;
    }

    private boolean[] insert(Connection connection, Rows rows, int uploadCount) throws SQLException {
        boolean[] stored = new boolean[uploadCount];
        if (rows.size() == 0) {
            return stored;
        }
        connection.setAutoCommit(false);
        try {
            int[][] minutes = rows.tenantMinutes();
            try (PreparedStatement lock = connection.prepareStatement(LOCK_MINUTES)) {
                lock.setArray(1, SqlArrays.int4(connection, minutes[0]));
                lock.setArray(2, SqlArrays.int4(connection, minutes[1]));
                lock.executeQuery().close();
            }
            TreeSet<Long> storedMinutes = new TreeSet<>();
            try (PreparedStatement insert = connection.prepareStatement(INSERT_ROWS)) {
                insert.setArray(1, SqlArrays.int8(connection, rows.seriesIds()));
                insert.setArray(2, SqlArrays.int8(connection, rows.micros()));
                insert.setArray(3, SqlArrays.int8(connection, rows.receipts()));
                insert.setArray(4, SqlArrays.int8(connection, rows.totals()));
                insert.setArray(5, SqlArrays.int4(connection, rows.tenantIds()));
                insert.setArray(6, SqlArrays.bytea(connection, rows.payloads()));
                try (ResultSet inserted = insert.executeQuery()) {
                    while (inserted.next()) {
                        Integer upload = rows.uploadOf(inserted.getLong(1), inserted.getLong(2), inserted.getLong(3));
                        if (upload != null) {
                            stored[upload] = true;
                        }
                        storedMinutes.add(Rows.tenantMinute(inserted.getInt(4), inserted.getLong(3)));
                    }
                }
            }
            // Only minutes that gained a row need a rollup: a retry stores nothing and marks nothing.
            if (!storedMinutes.isEmpty()) {
                int[][] marks = Rows.pairs(storedMinutes);
                try (PreparedStatement mark = connection.prepareStatement(MARK_MINUTES)) {
                    mark.setArray(1, SqlArrays.int4(connection, marks[0]));
                    mark.setArray(2, SqlArrays.int4(connection, marks[1]));
                    mark.executeUpdate();
                }
            }
            connection.commit();
            return stored;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * The batch's rows with the upload each came from. Columns come out in (series, time, receipt)
     * order, so concurrent batches take the unique index's locks in one order and cannot deadlock.
     */
    private static final class Rows {
        private final List<Row> rows = new ArrayList<>();
        private final Map<RowKey, Integer> uploadByKey = new HashMap<>();
        private final TreeSet<LocalDate> days = new TreeSet<>();
        private List<Row> sorted;

        private record Row(long seriesId, long micros, long receipt, long total, int tenantId, byte[] payload) {
        }

        void add(int upload, long seriesId, long micros, long receipt, long total, int tenantId, byte[] payload) {
            rows.add(new Row(seriesId, micros, receipt, total, tenantId, payload));
            sorted = null;
            uploadByKey.putIfAbsent(new RowKey(seriesId, receipt, micros), upload);
            days.add(LocalDate.ofEpochDay(Math.floorDiv(micros, 86_400_000_000L)));
        }

        int size() {
            return rows.size();
        }

        Integer uploadOf(long seriesId, long receipt, long micros) {
            return uploadByKey.get(new RowKey(seriesId, receipt, micros));
        }

        /** Distinct (tenant id, minute since the epoch) pairs, as two parallel arrays. */
        int[][] tenantMinutes() {
            TreeSet<Long> distinct = new TreeSet<>();
            for (Row row : rows) {
                distinct.add(tenantMinute(row.tenantId(), row.micros()));
            }
            return pairs(distinct);
        }

        /** A (tenant id, minute since the epoch) pair packed into one long that sorts as the pair does. */
        static long tenantMinute(int tenantId, long micros) {
            return ((long) tenantId << 32) | Math.floorDiv(micros, 60_000_000L);
        }

        /** Packed pairs as two parallel arrays, in order. */
        static int[][] pairs(TreeSet<Long> distinct) {
            int[][] pairs = new int[2][distinct.size()];
            int i = 0;
            for (long pair : distinct) {
                pairs[0][i] = (int) (pair >>> 32);
                pairs[1][i++] = (int) pair;
            }
            return pairs;
        }

        long[] seriesIds() {
            return sorted().stream().mapToLong(Row::seriesId).toArray();
        }

        long[] micros() {
            return sorted().stream().mapToLong(Row::micros).toArray();
        }

        long[] receipts() {
            return sorted().stream().mapToLong(Row::receipt).toArray();
        }

        long[] totals() {
            return sorted().stream().mapToLong(Row::total).toArray();
        }

        int[] tenantIds() {
            return sorted().stream().mapToInt(Row::tenantId).toArray();
        }

        byte[][] payloads() {
            return sorted().stream().map(Row::payload).toArray(byte[][]::new);
        }

        private List<Row> sorted() {
            if (sorted == null) {
                sorted = new ArrayList<>(rows);
                sorted.sort(Comparator.comparingLong(Row::seriesId).thenComparingLong(Row::micros).thenComparingLong(Row::receipt));
            }
            return sorted;
        }
    }

    private record RowKey(long seriesId, long receipt, long micros) {
    }
}

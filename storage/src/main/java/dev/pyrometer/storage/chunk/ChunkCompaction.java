package dev.pyrometer.storage.chunk;

import dev.pyrometer.storage.db.SqlArrays;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves a tenant's raw rows of one closed ten minutes into chunks: one {@code profile_chunk} row per series, holding
 * its snapshots of those ten minutes (those of an earlier chunk of the series included) in (time, receipt) order.
 * The chunks are written and the moved rows deleted by the caller's transaction, so every snapshot is in exactly one
 * of the two tables at every commit.
 * <p>
 * The caller must hold the exclusive (tenant, minute) lock of each of the ten minutes: writers hold it shared while
 * they insert, so no row can arrive between the chunk's read and the delete, and a writer that comes after sees the
 * chunk and skips a retried snapshot it already holds (see {@code ProfileWriter}).
 */
public final class ChunkCompaction {
    /**
     * The largest chunk written, in payload bytes. PostgreSQL caps a field at 1 GB; a series with more than this in
     * ten minutes keeps its raw rows, which readers see just the same.
     */
    public static final long MAX_CHUNK_PAYLOAD_BYTES = 64L << 20;

    private static final String ORDER = " ORDER BY time, receipt)";
    private static final String WRITE_CHUNKS =
            "INSERT INTO profile_chunk (series_id, bucket, tenant_id, times, receipts, totals, payloads) "
                    + "SELECT series_id, to_timestamp(?), ?, array_agg(time" + ORDER + ", array_agg(receipt" + ORDER
                    + ", array_agg(total" + ORDER + ", array_agg(payload" + ORDER
                    + " FROM (SELECT series_id, time, receipt, total, payload FROM profile "
                    + "WHERE tenant_id = ? AND time >= to_timestamp(?) AND time < to_timestamp(?) "
                    + "UNION ALL SELECT series_id, u.time, u.receipt, u.total, u.payload FROM profile_chunk chunk "
                    + "CROSS JOIN LATERAL unnest(chunk.times, chunk.receipts, chunk.totals, chunk.payloads) AS u(time, receipt, total, payload) "
                    + "WHERE chunk.tenant_id = ? AND chunk.bucket = to_timestamp(?) AND chunk.series_id IN "
                    + "(SELECT series_id FROM profile WHERE tenant_id = ? AND time >= to_timestamp(?) AND time < to_timestamp(?))) AS s "
                    + "GROUP BY series_id HAVING sum(octet_length(payload)) <= ? "
                    + "ON CONFLICT (series_id, bucket) DO UPDATE SET times = excluded.times, receipts = excluded.receipts, "
                    + "totals = excluded.totals, payloads = excluded.payloads RETURNING series_id";
    private static final String DELETE_MOVED =
            "DELETE FROM profile WHERE series_id = ANY(?) AND time >= to_timestamp(?) AND time < to_timestamp(?)";

    private ChunkCompaction() {
    }

    /**
     * Compacts the tenant's raw rows of {@code [bucketSeconds, bucketSeconds + 600)}; {@code bucketSeconds} is a
     * multiple of 600. Returns the number of series whose chunk was written.
     */
    public static int compact(Connection connection, int tenantId, long bucketSeconds) throws SQLException {
        return compact(connection, tenantId, bucketSeconds, MAX_CHUNK_PAYLOAD_BYTES);
    }

    /** As {@link #compact(Connection, int, long)}, with chunks of at most {@code maxPayloadBytes} payload bytes. */
    static int compact(Connection connection, int tenantId, long bucketSeconds, long maxPayloadBytes) throws SQLException {
        long endSeconds = bucketSeconds + RawRows.CHUNK_MICROS / 1_000_000;
        List<Long> written = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(WRITE_CHUNKS)) {
            int p = 1;
            statement.setLong(p++, bucketSeconds);
            statement.setInt(p++, tenantId);
            statement.setInt(p++, tenantId);
            statement.setLong(p++, bucketSeconds);
            statement.setLong(p++, endSeconds);
            statement.setInt(p++, tenantId);
            statement.setLong(p++, bucketSeconds);
            statement.setInt(p++, tenantId);
            statement.setLong(p++, bucketSeconds);
            statement.setLong(p++, endSeconds);
            statement.setLong(p, maxPayloadBytes);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    written.add(rows.getLong(1));
                }
            }
        }
        if (written.isEmpty()) {
            return 0;
        }
        try (PreparedStatement delete = connection.prepareStatement(DELETE_MOVED)) {
            delete.setArray(1, SqlArrays.int8(connection, written.stream().mapToLong(Long::longValue).sorted().toArray()));
            delete.setLong(2, bucketSeconds);
            delete.setLong(3, endSeconds);
            delete.executeUpdate();
        }
        return written.size();
    }
}

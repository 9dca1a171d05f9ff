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
    /**
     * Per series, its snapshots of the ten minutes, both tables' (so an earlier chunk's snapshots come along), with
     * each payload's end offset into the chunk's {@code payloads}; {@code %1$d} is the tenant, {@code %2$d} and
     * {@code %3$d} the ten minutes' bounds in epoch seconds.
     */
    private static final String SNAPSHOTS = "SELECT s.*, (sum(octet_length(s.payload)) OVER (PARTITION BY s.series_id ORDER BY s.time, s.receipt "
            + "ROWS UNBOUNDED PRECEDING))::integer AS payload_end FROM "
            + RawRows.between("tenant_id = %1$d AND series_id IN (SELECT series_id FROM profile WHERE tenant_id = %1$d "
                    + "AND time >= to_timestamp(%2$d) AND time < to_timestamp(%3$d))", "to_timestamp(%2$d)", "to_timestamp(%3$d)") + " AS s";
    private static final String WRITE_CHUNKS =
            "INSERT INTO profile_chunk (series_id, bucket, tenant_id, times, receipts, totals, payloads, payload_offsets) "
                    + "SELECT series_id, to_timestamp(%2$d), %1$d, array_agg(time" + ORDER + ", array_agg(receipt" + ORDER
                    + ", array_agg(total" + ORDER + ", string_agg(payload, ''::bytea" + ORDER
                    + ", '{0}'::integer[] || array_agg(payload_end" + ORDER
                    + " FROM (" + SNAPSHOTS + ") AS snapshots GROUP BY series_id HAVING sum(octet_length(payload)) <= %4$d "
                    + "ON CONFLICT (series_id, bucket) DO UPDATE SET times = excluded.times, receipts = excluded.receipts, "
                    + "totals = excluded.totals, payloads = excluded.payloads, payload_offsets = excluded.payload_offsets RETURNING series_id";
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
        // numbers only, formatted in: the subquery of RawRows appears more than once
        try (PreparedStatement statement = connection.prepareStatement(
                WRITE_CHUNKS.formatted(tenantId, bucketSeconds, endSeconds, maxPayloadBytes))) {
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

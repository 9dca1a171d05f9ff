package dev.pyrometer.storage.chunk;

/**
 * The raw tier as readers see it: the rows of {@code profile} and the snapshots unpacked from {@code profile_chunk}.
 * A snapshot lies in exactly one of the two (see {@link ChunkCompaction}), so within one statement the union holds
 * every stored snapshot once. A chunk is unpacked only when its {@code times} hold a snapshot in the range: its
 * payloads are decompressed whole, however few of them a short range needs.
 */
public final class RawRows {
    /** The width of a chunk: ten minutes, the per-series ten-minute bucket it is written with. */
    public static final long CHUNK_MICROS = 600_000_000L;

    private RawRows() {
    }

    /**
     * A subquery (to be aliased by the caller) of the raw snapshots with {@code from <= time < to} that satisfy
     * {@code condition}, with columns {@code series_id, time, receipt, total, tenant_id, payload}.
     *
     * @param condition a condition on {@code series_id} and/or {@code tenant_id}, unqualified; it is applied to both
     *                  tables, so it must not contain JDBC parameters unless the caller sets them twice
     * @param from      a timestamptz expression; appears four times, so a column or constant rather than a parameter
     * @param to        a timestamptz expression, likewise
     */
    public static String between(String condition, String from, String to) {
        return "(SELECT series_id, time, receipt, total, tenant_id, payload FROM profile WHERE " + condition
                + " AND time >= " + from + " AND time < " + to
                + " UNION ALL SELECT series_id, u.time, u.receipt, u.total, tenant_id, u.payload FROM profile_chunk chunk "
                + "CROSS JOIN LATERAL unnest(chunk.times, chunk.receipts, chunk.totals, chunk.payloads) AS u(time, receipt, total, payload) WHERE "
                + condition + " AND chunk.bucket > " + from + " - interval '10 minutes' AND chunk.bucket < " + to
                // times are small and stay in the row, payloads are compressed out of line: look before unpacking
                + " AND EXISTS (SELECT 1 FROM unnest(chunk.times) AS k(time) WHERE k.time >= " + from + " AND k.time < " + to + ")"
                + " AND u.time >= " + from + " AND u.time < " + to + ")";
    }

    /** Every raw snapshot stored, as {@link #between}: for counts and checks over the whole raw tier. */
    public static String all() {
        return between("true", "'-infinity'::timestamptz", "'infinity'::timestamptz");
    }
}

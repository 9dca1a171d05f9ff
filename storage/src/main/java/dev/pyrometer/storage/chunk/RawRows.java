package dev.pyrometer.storage.chunk;

/**
 * The raw tier as readers see it: the rows of {@code profile} and the snapshots unpacked from {@code profile_chunk}.
 * A snapshot lies in exactly one of the two (see {@link ChunkCompaction}), so within one statement the union holds
 * every stored snapshot once.
 * <p>
 * A chunk is read only as far as a range needs: a binary search over its sorted {@code times} (which stay in the row)
 * finds the snapshots in the range, a chunk with none is skipped, and of its {@code payloads} only the bytes of those
 * snapshots are fetched. A read of a window's edge therefore costs, per chunk, an index lookup and the TOAST pages of
 * the few payloads it keeps, not the whole ten minutes.
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
     * @param from      a timestamptz expression; appears several times, so a column or constant rather than a parameter
     * @param to        a timestamptz expression, likewise
     */
    public static String between(String condition, String from, String to) {
        // width_bucket(x, times) counts the times <= x (times are sorted); times are whole µs, so the snapshots in
        // [from, to) are the 1-based positions lo + 1 .. hi, and their payloads one run of bytes of the chunk's
        String lo = "width_bucket(" + from + " - interval '1 microsecond', chunk.times)";
        String hi = "width_bucket(" + to + " - interval '1 microsecond', chunk.times)";
        return "(SELECT series_id, time, receipt, total, tenant_id, payload FROM profile WHERE " + condition
                + " AND time >= " + from + " AND time < " + to
                + " UNION ALL SELECT chunk.series_id, u.time, u.receipt, u.total, chunk.tenant_id, "
                + "substring(run.bytes FROM u.start - run.start + 1 FOR u.stop - u.start) FROM profile_chunk chunk "
                // OFFSET 0: each computed once per chunk, not inlined into every use (an array compressed in the row is
                // decompressed at each use)
                + "CROSS JOIN LATERAL (SELECT " + lo + " AS lo, " + hi + " AS hi OFFSET 0) AS kept "
                + "CROSS JOIN LATERAL (SELECT chunk.payload_offsets[kept.lo + 1] AS start, substring(chunk.payloads FROM "
                + "chunk.payload_offsets[kept.lo + 1] + 1 FOR chunk.payload_offsets[kept.hi + 1] - chunk.payload_offsets[kept.lo + 1]) AS bytes "
                + "OFFSET 0) AS run "
                + "CROSS JOIN LATERAL unnest(chunk.times[kept.lo + 1:kept.hi], chunk.receipts[kept.lo + 1:kept.hi], "
                + "chunk.totals[kept.lo + 1:kept.hi], chunk.payload_offsets[kept.lo + 1:kept.hi], chunk.payload_offsets[kept.lo + 2:kept.hi + 1]) "
                + "AS u(time, receipt, total, start, stop) WHERE " + condition
                + " AND chunk.bucket > " + from + " - interval '10 minutes' AND chunk.bucket < " + to + " AND kept.hi > kept.lo)";
    }

    /** Every raw snapshot stored, as {@link #between}: for counts and checks over the whole raw tier. */
    public static String all() {
        return between("true", "'-infinity'::timestamptz", "'infinity'::timestamptz");
    }
}

package dev.pyrometer.storage.rollup;

import dev.pyrometer.storage.chunk.RawRows;

/**
 * The rows of a per-series tier as readers see them. A per-series ten-minute bucket may be stored without its stacks
 * ({@code payload} NULL, its {@code snapshots} and {@code total} kept): where its group's bucket is stored, its type is
 * summed, and it stands for fewer than {@link #STACKS_FROM_SNAPSHOTS} snapshots. A merge of whole groups then reads
 * the group's bucket, and only a read of the series by itself needs the stacks, which it takes from the raw rows of
 * the bucket's ten minutes: one chunk. At a 60 s cadence such a bucket would otherwise copy most of its chunk (about
 * 1,100 of 6,150 bytes for ten snapshots of 173 stacks); at 10 s it stands for 60 snapshots and costs little beside
 * them, and reading its chunk instead would cost 60 payloads.
 */
public final class SeriesBuckets {
    /**
     * A per-series ten-minute bucket standing for at least this many snapshots keeps its stacks: 20 s cadence or
     * faster. Below it, its stacks cost a sixth or more of its chunk.
     */
    public static final int STACKS_FROM_SNAPSHOTS = 30;

    private SeriesBuckets() {
    }

    /** Whether a series' ten-minute bucket is stored without its stacks (see the class comment). */
    static boolean withoutStacks(boolean summed, boolean groupBucketStored, int snapshots) {
        return summed && groupBucketStored && snapshots < STACKS_FROM_SNAPSHOTS;
    }

    /**
     * A subquery (to be aliased by the caller) of {@code tier}'s per-series rows that satisfy {@code condition}, with
     * columns {@code series_id, time, snapshots, total, payload, raw}. A stored bucket is one row dated at its start
     * ({@code raw} false). With {@code stacks}, a bucket stored without its stacks is replaced by its raw snapshots
     * ({@code raw} true, {@code snapshots} 1 each, dated at their time, all inside the bucket), so every row carries
     * its payload and the rows' merge is the bucket's; without, it is its stored row with a NULL payload.
     *
     * @param condition a condition on the tier table's {@code series_id}, {@code bucket} and/or {@code tenant_id},
     *                  unqualified; it appears twice, so it must not contain JDBC parameters
     */
    public static String rows(Tier tier, String condition, boolean stacks) {
        String stored = "SELECT series_id, bucket AS time, snapshots, total, payload, false AS raw FROM " + tier.seriesTable()
                + " WHERE " + condition;
        if (!stacks || tier != Tier.FINEST_PER_SERIES) {
            return "(" + stored + ")";
        }
        return "(" + stored + " AND payload IS NOT NULL UNION ALL "
                + "SELECT r.series_id, r.time, 1, r.total, r.payload, true FROM (SELECT series_id AS elided_series, bucket AS elided_bucket FROM "
                + tier.seriesTable() + " WHERE " + condition + " AND payload IS NULL OFFSET 0) AS e CROSS JOIN LATERAL "
                + RawRows.between("series_id = e.elided_series", "e.elided_bucket", "e.elided_bucket + interval '10 minutes'") + " AS r)";
    }
}

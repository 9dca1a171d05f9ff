package dev.pyrometer.storage.rollup;

import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.db.SqlArrays;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Per-series ten-minute buckets stored without their stacks. Such a bucket keeps its {@code snapshots} and
 * {@code total} but not its {@code payload} (NULL) where its group's bucket is stored, its type is summed, and it
 * stands for fewer than {@link #STACKS_FROM_SNAPSHOTS} snapshots. A merge of whole groups then reads the group's
 * bucket, and timelines read the totals; only a read that needs the stacks of the series by itself takes them from
 * the raw rows of the bucket's ten minutes, one chunk ({@link #RAW_ROWS}). At a 60 s cadence such a bucket would
 * otherwise copy a sixth of its chunk (about 1,100 of 6,150 bytes for ten snapshots of 173 stacks); at 10 s it stands
 * for 60 snapshots and costs little beside them, and reading its chunk instead would cost 60 payloads.
 * <p>
 * The rollup job decides it in the transaction that stores or deletes the group's bucket, so where a group has no
 * bucket of some ten minutes, every member's bucket there has its stacks.
 */
public final class SeriesBuckets {
    /**
     * A per-series ten-minute bucket standing for at least this many snapshots keeps its stacks: a 20 s cadence or
     * faster. Below it, its stacks cost a sixth or more of its chunk.
     */
    public static final int STACKS_FROM_SNAPSHOTS = 30;

    /**
     * The FROM clause of the raw snapshots of some ten-minute buckets, bound to three arrays: a key per bucket that its
     * rows carry as {@code e.key} (the series, or the group it is read for), the series ids, and the buckets' starts in
     * µs since the epoch. Its rows are those of {@link RawRows#between} (aliased {@code r}), all inside their bucket;
     * merged, a bucket's rows equal what it stood for whenever it is clean (no pending mark).
     */
    public static final String RAW_ROWS = "unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS e(key, series, micros) CROSS JOIN LATERAL "
            + "(SELECT timestamptz 'epoch' + e.micros * interval '1 microsecond' AS start OFFSET 0) AS b CROSS JOIN LATERAL "
            + RawRows.between("series_id = e.series", "b.start", "b.start + interval '10 minutes'") + " AS r";

    private SeriesBuckets() {
    }

    /** Binds the arrays of {@link #RAW_ROWS}, starting at parameter 1, from (key, series id, bucket start in µs) triples. */
    public static void bindRawRows(Connection connection, PreparedStatement statement, List<long[]> buckets) throws SQLException {
        for (int column = 0; column < 3; column++) {
            int c = column;
            statement.setArray(column + 1, SqlArrays.int8(connection, buckets.stream().mapToLong(bucket -> bucket[c]).toArray()));
        }
    }

    /** Whether a series' ten-minute bucket is stored without its stacks (see the class comment). */
    static boolean withoutStacks(boolean summed, boolean groupBucketStored, int snapshots) {
        return summed && groupBucketStored && snapshots < STACKS_FROM_SNAPSHOTS;
    }
}

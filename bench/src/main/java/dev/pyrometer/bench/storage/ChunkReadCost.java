package dev.pyrometer.bench.storage;

import dev.pyrometer.storage.chunk.RawRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

import static dev.pyrometer.bench.common.SqlValues.longs;
import static dev.pyrometer.bench.common.SqlValues.single;
import static dev.pyrometer.bench.common.SqlValues.text;

/**
 * The same raw snapshots stored in both layouts, read the way a window's raw pieces read them: every cpu series of one
 * service over a piece of a closed ten minutes, payloads fetched over JDBC. One layout is the raw tier as the load left
 * it (chunks, through {@link RawRows}); the other is a copy of the same snapshots as one row per snapshot with the
 * unique {@code (series_id, time, receipt)} index, as {@code profile} stored them before chunks, written in bulk (so
 * packed, as after a {@code REINDEX}). Prints the copy's bytes per snapshot, then per piece width the median and p99
 * milliseconds and the bytes PostgreSQL handed over per query, from each layout. Creates and drops a table.
 */
final class ChunkReadCost {
    private static final String COPY = "raw_rows_copy";
    private static final long[] PIECE_SECONDS = {10, 60, 600};

    private ChunkReadCost() {
    }

    static void measure(Connection connection, int reps) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + COPY);
            statement.execute("CREATE TABLE " + COPY + " AS SELECT series_id, time, receipt, total, tenant_id, payload FROM "
                    + RawRows.all() + " AS r ORDER BY series_id, time, receipt");
            statement.execute("CREATE UNIQUE INDEX ON " + COPY + " (series_id, time, receipt)");
            statement.execute("VACUUM ANALYZE " + COPY);
            statement.execute("ANALYZE profile_chunk");
        }
        String service;
        long[] seriesIds;
        long firstBucket;
        long lastBucket;
        try (Statement statement = connection.createStatement()) {
            long snapshots = single(statement, "SELECT count(*) FROM " + COPY);
            long bytes = single(statement, "SELECT pg_total_relation_size('" + COPY + "')");
            System.out.printf("the same %,d snapshots as one row each (written in bulk, indexes packed): %.2f MB -> %.1f bytes per snapshot%n",
                    snapshots, bytes / 1e6, (double) bytes / Math.max(1, snapshots));
            service = text(statement, "SELECT min(service_name) FROM series");
            seriesIds = longs(statement, "SELECT id FROM series WHERE service_name = '" + service.replace("'", "''")
                    + "' AND profile_type LIKE 'process_cpu:cpu:%' ORDER BY id");
            firstBucket = single(statement, "SELECT extract(epoch FROM min(bucket))::bigint FROM profile_chunk");
            lastBucket = single(statement, "SELECT extract(epoch FROM max(bucket))::bigint FROM profile_chunk");
        }
        System.out.printf("pieces of closed ten minutes, every cpu series of %s (%d series), %d queries each, median / p99 ms and bytes per query:%n",
                service, seriesIds.length, reps);
        String ids = Arrays.toString(seriesIds).replace('[', '{').replace(']', '}');
        for (long width : PIECE_SECONDS) {
            String chunked = "SELECT payload FROM " + RawRows.between("series_id = ANY('" + ids + "'::bigint[])", "%1$s", "%2$s") + " AS r";
            Timing fromChunks = time(connection, chunked, firstBucket, lastBucket, width, reps);
            Timing fromRows = time(connection, "SELECT payload FROM " + COPY + " WHERE series_id = ANY('" + ids
                    + "'::bigint[]) AND time >= %1$s AND time < %2$s", firstBucket, lastBucket, width, reps);
            System.out.printf("  %4d s piece: chunks %6.2f / %6.2f ms, %,9d bytes; one row per snapshot %6.2f / %6.2f ms, %,9d bytes%n",
                    width, fromChunks.medianMs(), fromChunks.p99Ms(), fromChunks.bytes(), fromRows.medianMs(), fromRows.p99Ms(), fromRows.bytes());
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + COPY);
        }
    }

    private record Timing(double medianMs, double p99Ms, long bytes) {
    }

    /**
     * Runs {@code sqlTemplate} (whose {@code %1$s} and {@code %2$s} are the piece's bounds) for
     * {@code reps} pieces of {@code width} seconds, each at an offset inside a closed ten minutes that does not cross
     * it, cycling over the buckets; the same pieces for both layouts.
     */
    private static Timing time(Connection connection, String sqlTemplate, long firstBucket, long lastBucket, long width, int reps)
            throws SQLException {
        long[] nanos = new long[reps];
        long bytes = 0;
        long buckets = (lastBucket - firstBucket) / 600 + 1;
        for (int rep = 0; rep < reps; rep++) {
            long bucket = firstBucket + 600 * (rep % buckets);
            long from = bucket + (width >= 600 ? 0 : (rep * 70L) % (600 - width));
            String sql = String.format(sqlTemplate, "to_timestamp(" + from + ")", "to_timestamp(" + (from + width) + ")");
            long start = System.nanoTime();
            long read = 0;
            try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    read += rows.getBytes(1).length;
                }
            }
            nanos[rep] = System.nanoTime() - start;
            bytes += read;
        }
        Arrays.sort(nanos);
        return new Timing(nanos[reps / 2] / 1e6, nanos[Math.min(reps - 1, (int) Math.ceil(reps * 0.99) - 1)] / 1e6, bytes / reps);
    }
}

package dev.pyrometer.bench.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the raw tier's bytes go, read from PostgreSQL's catalog and its size functions over every
 * partition of one of its two tables, {@code profile} (a row per snapshot) or {@code profile_chunk}
 * (a row per series and closed ten minutes): the heap (main fork; free space and visibility maps
 * apart), TOAST, each index kind, and the average stored size of a row and of each of its columns.
 *
 * @param table         the table measured
 * @param rows          its rows
 * @param snapshots     the snapshots they hold: as many as rows in {@code profile}
 * @param heapBytes     main forks of the partitions: tuples, line pointers, page headers and free space
 * @param mapBytes      free space and visibility map forks
 * @param toastBytes    TOAST tables with their indexes
 * @param indexBytes    bytes by index access method ("btree", "brin")
 * @param tupleBytes    mean stored tuple: header, columns and alignment padding ({@code pg_column_size} of the row)
 * @param columnBytes   mean stored size of each column, by name
 * @param payloadLength mean payload length as the codec wrote it ({@code octet_length})
 */
record RawTierSizes(String table, long rows, long snapshots, long heapBytes, long mapBytes, long toastBytes, Map<String, Long> indexBytes,
                    double tupleBytes, Map<String, Double> columnBytes, double payloadLength) {
    private static final String[] ROW_COLUMNS = {"series_id", "time", "receipt", "total", "tenant_id", "payload"};
    private static final String[] CHUNK_COLUMNS = {"series_id", "bucket", "tenant_id", "times", "receipts", "totals", "payloads", "payload_offsets"};
    /** A heap tuple is reached through one line pointer of this many bytes on its page. */
    private static final int LINE_POINTER_BYTES = 4;

    /** The rows of {@code profile}: snapshots not yet compacted, or that arrived late. */
    static RawTierSizes rows(Connection connection) throws SQLException {
        return read(connection, "profile", ROW_COLUMNS, "count(*)", "avg(octet_length(p.payload))");
    }

    /** The chunks of {@code profile_chunk}. */
    static RawTierSizes chunks(Connection connection) throws SQLException {
        return read(connection, "profile_chunk", CHUNK_COLUMNS, "sum(cardinality(p.times))",
                "sum(octet_length(p.payloads)) / nullif(sum(cardinality(p.times)), 0)");
    }

    private static RawTierSizes read(Connection connection, String table, String[] columns, String snapshots, String payloadLength)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long heap;
            long maps;
            long toast;
            try (ResultSet r = statement.executeQuery("SELECT coalesce(sum(pg_relation_size(c.oid, 'main')), 0), "
                    + "coalesce(sum(pg_relation_size(c.oid, 'fsm') + pg_relation_size(c.oid, 'vm')), 0), "
                    + "coalesce(sum(CASE WHEN c.reltoastrelid = 0 THEN 0 ELSE pg_total_relation_size(c.reltoastrelid) END), 0) "
                    + "FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '" + table + "'::regclass")) {
                r.next();
                heap = r.getLong(1);
                maps = r.getLong(2);
                toast = r.getLong(3);
            }
            Map<String, Long> indexes = new LinkedHashMap<>();
            try (ResultSet r = statement.executeQuery("SELECT am.amname, sum(pg_relation_size(x.indexrelid)) "
                    + "FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid JOIN pg_class ic ON ic.oid = x.indexrelid "
                    + "JOIN pg_am am ON am.oid = ic.relam WHERE i.inhparent = '" + table + "'::regclass GROUP BY am.amname ORDER BY 2 DESC")) {
                while (r.next()) {
                    indexes.put(r.getString(1), r.getLong(2));
                }
            }
            StringBuilder sql = new StringBuilder("SELECT count(*), coalesce(" + snapshots + ", 0), coalesce(avg(pg_column_size(p.*)), 0)");
            for (String column : columns) {
                sql.append(", coalesce(avg(pg_column_size(p.").append(column).append(")), 0)");
            }
            sql.append(", coalesce(").append(payloadLength).append(", 0) FROM ").append(table).append(" p");
            try (ResultSet r = statement.executeQuery(sql.toString())) {
                r.next();
                Map<String, Double> sizes = new LinkedHashMap<>();
                for (int i = 0; i < columns.length; i++) {
                    sizes.put(columns[i], r.getDouble(4 + i));
                }
                return new RawTierSizes(table, r.getLong(1), r.getLong(2), heap, maps, toast, indexes, r.getDouble(3), sizes,
                        r.getDouble(4 + columns.length));
            }
        }
    }

    long totalBytes() {
        return heapBytes + mapBytes + toastBytes + indexBytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Prints the bytes per row by where they lie, and per snapshot where a row holds several. */
    void print() {
        double perRow = rows == 0 ? 0 : 1.0 / rows;
        System.out.printf("%s: %,d rows holding %,d snapshots, %.2f MB in all -> %.1f bytes per row, %.1f bytes per snapshot%n",
                table, rows, snapshots, totalBytes() / 1e6, totalBytes() * perRow, (double) totalBytes() / Math.max(1, snapshots));
        System.out.println("  bytes per row, by where they are:");
        double sumOfColumns = columnBytes.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf("    heap (main fork)             %7.1f%n", heapBytes * perRow);
        System.out.printf("      tuple header + alignment   %7.1f%n", tupleBytes - sumOfColumns);
        columnBytes.forEach((column, bytes) -> System.out.printf("      %-26s %7.1f%n", column, bytes));
        System.out.printf("      line pointer               %7.1f%n", (double) LINE_POINTER_BYTES);
        System.out.printf("      page, tuple padding, free  %7.1f%n", heapBytes * perRow - tupleBytes - LINE_POINTER_BYTES);
        indexBytes.forEach((kind, bytes) -> System.out.printf("    index (%s)%s %7.1f%n", kind, " ".repeat(Math.max(0, 21 - kind.length())), bytes * perRow));
        System.out.printf("    TOAST                        %7.1f%n", toastBytes * perRow);
        System.out.printf("    free space / visibility maps %7.1f%n", mapBytes * perRow);
        System.out.printf("  payload as encoded: %.1f bytes per snapshot%n", payloadLength);
    }
}

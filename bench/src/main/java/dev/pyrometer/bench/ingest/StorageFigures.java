package dev.pyrometer.bench.ingest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.pyrometer.bench.common.SqlValues.single;

/**
 * Sizes read from PostgreSQL's catalog: the raw tier (the partitions of {@code profile} and {@code profile_chunk} with their
 * indexes and TOAST; rows are the snapshots both hold) and the dictionaries.
 */
public record StorageFigures(long rawRows, long rawBytes, Map<String, long[]> dictionaries) {

    public static StorageFigures read(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl); Statement statement = connection.createStatement()) {
            long rows = single(statement, "SELECT (SELECT count(*) FROM profile) + (SELECT coalesce(sum(cardinality(times)), 0) FROM profile_chunk)");
            long bytes = single(statement, "SELECT coalesce(sum(pg_total_relation_size(i.inhrelid)), 0) FROM pg_inherits i "
                    + "WHERE i.inhparent IN ('profile'::regclass, 'profile_chunk'::regclass)");
            Map<String, long[]> dictionaries = new LinkedHashMap<>();
            for (String table : new String[] {"series", "symbol_function", "symbol_frame", "symbol_stack"}) {
                dictionaries.put(table, new long[] {
                        single(statement, "SELECT count(*) FROM " + table),
                        single(statement, "SELECT pg_total_relation_size('" + table + "')")});
            }
            return new StorageFigures(rows, bytes, dictionaries);
        }
    }
}

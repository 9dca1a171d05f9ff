package dev.pyrometer.bench.query;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The stored tiers as PostgreSQL's catalog lists them, so the figures follow the schema as it is
 * rather than a list of tiers written here: the raw tier is {@code profile} and {@code profile_chunk} with their partitions, and
 * every table whose name starts with {@code rollup_} or {@code group_rollup_} (with its partitions,
 * grouped under the partitioned table) is a rollup when it has a {@code payload} column, and
 * bookkeeping (such as {@code rollup_pending}) otherwise. Bytes are
 * {@code pg_total_relation_size} (indexes and TOAST included) summed over a table's partitions; rows
 * are {@code count(*)}, except for chunks, whose rows are the snapshots they hold.
 */
record StorageTiers(List<Table> tables) {
    static final List<String> RAW_TABLES = List.of("profile", "profile_chunk");
    private static final String CHUNK_TABLE = "profile_chunk";
    private static final List<String> ROLLUP_PREFIXES = List.of("rollup_", "group_rollup_");

    enum Role { RAW, ROLLUP, BOOKKEEPING }

    /** One table (a partitioned table counts with all its partitions). */
    record Table(String name, Role role, long rows, long bytes) {
    }

    /** Every table of the current schema that the figures cover, partitions summed under their partitioned table. */
    static StorageTiers read(Connection connection) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (Table table : catalog(connection)) {
                String count = table.name().equals(CHUNK_TABLE) ? "coalesce(sum(cardinality(times)), 0)" : "count(*)";
                try (ResultSet rows = statement.executeQuery("SELECT " + count + " FROM " + quoted(table.name()))) {
                    rows.next();
                    tables.add(new Table(table.name(), table.role(), rows.getLong(1), table.bytes()));
                }
            }
        }
        tables.sort(Comparator.comparing(Table::role).thenComparing(Comparator.comparingLong(Table::rows).reversed()));
        return new StorageTiers(List.copyOf(tables));
    }

    /** Every covered table (partitioned tables, not their partitions), quoted for SQL: what a load vacuums. */
    static List<String> tables(Connection connection) throws SQLException {
        return catalog(connection).stream().map(table -> quoted(table.name())).toList();
    }

    /** The covered tables with their bytes, from the catalog alone; rows are left at -1. */
    private static List<Table> catalog(Connection connection) throws SQLException {
        Map<String, long[]> bytesByRoot = new LinkedHashMap<>();
        Map<String, Boolean> payloadByRoot = new LinkedHashMap<>();
        String sql = """
                SELECT root.relname, pg_total_relation_size(c.oid),
                       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = root.oid AND a.attname = 'payload' AND NOT a.attisdropped)
                FROM pg_class c
                JOIN pg_class root ON root.oid = coalesce(pg_partition_root(c.oid), c.oid)
                WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
                ORDER BY root.relname""";
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String root = rows.getString(1);
                if (role(root, true) != null) {
                    bytesByRoot.computeIfAbsent(root, k -> new long[1])[0] += rows.getLong(2);
                    payloadByRoot.put(root, rows.getBoolean(3));
                }
            }
        }
        List<Table> tables = new ArrayList<>();
        bytesByRoot.forEach((name, bytes) -> tables.add(new Table(name, role(name, payloadByRoot.get(name)), -1, bytes[0])));
        return tables;
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** RAW, ROLLUP or BOOKKEEPING for a covered table name; null for a table the figures leave out. */
    private static Role role(String name, boolean holdsPayload) {
        if (RAW_TABLES.contains(name)) {
            return Role.RAW;
        }
        if (ROLLUP_PREFIXES.stream().noneMatch(name::startsWith)) {
            return null;
        }
        return holdsPayload ? Role.ROLLUP : Role.BOOKKEEPING;
    }

    /** What this holds beyond {@code before} (a database that held data before the load): rows and bytes subtracted per table. */
    StorageTiers minus(StorageTiers before) {
        Map<String, Table> earlier = new LinkedHashMap<>();
        before.tables.forEach(table -> earlier.put(table.name(), table));
        List<Table> result = new ArrayList<>();
        for (Table table : tables) {
            Table old = earlier.get(table.name());
            result.add(old == null ? table : new Table(table.name(), table.role(), table.rows() - old.rows(), table.bytes() - old.bytes()));
        }
        return new StorageTiers(List.copyOf(result));
    }

    List<Table> ofRole(Role role) {
        return tables.stream().filter(table -> table.role() == role).toList();
    }

    long rawRows() {
        return ofRole(Role.RAW).stream().mapToLong(Table::rows).sum();
    }

    long rawBytes() {
        return ofRole(Role.RAW).stream().mapToLong(Table::bytes).sum();
    }

    long rollupBytes() {
        return ofRole(Role.ROLLUP).stream().mapToLong(Table::bytes).sum();
    }

    /** Bytes of all rollup tables over the raw tier's bytes; NaN without raw bytes. */
    double rollupShare() {
        long raw = rawBytes();
        return raw == 0 ? Double.NaN : (double) rollupBytes() / raw;
    }

    /** Writes the tables into a load's manifest under {@code storage.*}. */
    void store(Properties manifest) {
        manifest.setProperty("storage.tables", String.join(",", tables.stream().map(Table::name).toList()));
        for (Table table : tables) {
            manifest.setProperty("storage." + table.name() + ".role", table.role().name());
            manifest.setProperty("storage." + table.name() + ".rows", Long.toString(table.rows()));
            manifest.setProperty("storage." + table.name() + ".bytes", Long.toString(table.bytes()));
        }
    }

    /** The tables a manifest recorded with {@link #store}, or null when it has none (a manifest from before they were recorded). */
    static StorageTiers load(Properties manifest) {
        String names = manifest.getProperty("storage.tables");
        if (names == null) {
            return null;
        }
        List<Table> tables = new ArrayList<>();
        for (String name : names.isEmpty() ? new String[0] : names.split(",")) {
            tables.add(new Table(name, Role.valueOf(manifest.getProperty("storage." + name + ".role")),
                    Long.parseLong(manifest.getProperty("storage." + name + ".rows")), Long.parseLong(manifest.getProperty("storage." + name + ".bytes"))));
        }
        return new StorageTiers(List.copyOf(tables));
    }
}

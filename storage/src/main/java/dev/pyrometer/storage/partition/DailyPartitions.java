package dev.pyrometer.storage.partition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Day partitions (UTC) of the tables partitioned by time: {@code profile}, {@code profile_chunk}, {@code rollup_ten_minutes},
 * {@code group_rollup_minute} and {@code group_rollup_ten_seconds}.
 * A partition is named {@code <table>_pYYYYMMDD}. Creation is idempotent and serialized across
 * replicas by an advisory lock; known partitions are cached so the write path checks in memory.
 * <p>
 * A partition is made as a table of its own and then attached, which locks the parent in SHARE UPDATE EXCLUSIVE
 * mode: readers and writers of the parent go on meanwhile. {@code CREATE TABLE ... PARTITION OF} would lock each
 * parent ACCESS EXCLUSIVE, one after the other in one transaction, and deadlock with any transaction that reads two
 * of these tables in another order (a query's snapshot reads rollups before raw rows; the hour rollup reads ten-minute
 * buckets, then raw rows).
 */
public final class DailyPartitions {
    public static final List<String> TABLES = List.of("profile", "profile_chunk", "rollup_ten_minutes", "group_rollup_minute", "group_rollup_ten_seconds");
    private static final long CREATE_LOCK = 0x7079726f_70617274L;
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.BASIC_ISO_DATE;

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Makes sure every table has a partition for {@code day}; uses its own transaction. */
    public void ensure(Connection connection, LocalDate day) throws SQLException {
        if (known.contains(day.toString())) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
            for (String table : TABLES) {
                String partition = partitionName(table, day);
                Boolean attached = attached(connection, partition);
                if (attached == null) {
                    // the partition's indexes are built by the attach (the table is empty), matching the parent's
                    statement.execute("CREATE TABLE " + partition + " (LIKE " + table
                            + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMPRESSION)");
                }
                if (attached == null || !attached) {
                    // a table of that name left unattached is attached; a row of it outside the day fails the attach
                    statement.execute("ALTER TABLE " + table + " ATTACH PARTITION " + partition + " FOR VALUES FROM ('" + day
                            + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
                }
            }
            connection.commit();
            known.add(day.toString());
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Drops every partition whose whole day lies before {@code firstKeptDay}; returns the names
     * dropped. Dropping a partition is instant and leaves no dead rows behind.
     */
    public List<String> dropBefore(Connection connection, LocalDate firstKeptDay) throws SQLException {
        List<String> dropped = new ArrayList<>();
        // rollups before the raw tier, so no moment leaves a ten-minute bucket without stacks beside no raw rows
        List<String> rollupsFirst = new ArrayList<>(TABLES);
        Collections.reverse(rollupsFirst);
        for (String table : rollupsFirst) {
            for (String partition : partitions(connection, table)) {
                LocalDate day = LocalDate.parse(partition.substring(partition.length() - 8), SUFFIX);
                if (day.isBefore(firstKeptDay)) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("DROP TABLE IF EXISTS " + partition);
                    }
                    known.remove(day.toString());
                    dropped.add(partition);
                }
            }
        }
        return dropped;
    }

    /** The partitions of {@code table} that follow the naming scheme, oldest first. */
    public List<String> partitions(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                        + "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = ? AND c.relname ~ ? ORDER BY c.relname")) {
            statement.setString(1, table);
            statement.setString(2, "^" + table + "_p[0-9]{8}$");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    /** Whether the table {@code name} is a partition: null when there is no such table. */
    private static Boolean attached(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT relispartition FROM pg_class WHERE oid = to_regclass(?)")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getBoolean(1) : null;
            }
        }
    }

    static String partitionName(String table, LocalDate day) {
        return table + "_p" + day.format(SUFFIX);
    }
}

package dev.pyrometer.bench.common;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The benchmarks' reads of single values and columns from PostgreSQL, for the figures they print. */
public final class SqlValues {
    private SqlValues() {
    }

    /** The first column of the first row of {@code sql}, as a long (0 for SQL NULL). */
    public static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The first column of the first row of {@code sql}, as text. */
    public static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The first column of every row of {@code sql}, as longs, in the order returned. */
    public static long[] longs(Statement statement, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}

package dev.pyrometer.storage.db;

import org.postgresql.PGConnection;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;

/** PostgreSQL array parameters from primitive Java arrays, without boxing each element. */
public final class SqlArrays {
    private SqlArrays() {
    }

    public static Array int8(Connection connection, long[] values) throws SQLException {
        return pg(connection).createArrayOf("int8", (Object) values);
    }

    public static Array int4(Connection connection, int[] values) throws SQLException {
        return pg(connection).createArrayOf("int4", (Object) values);
    }

    public static Array bool(Connection connection, boolean[] values) throws SQLException {
        return pg(connection).createArrayOf("bool", (Object) values);
    }

    public static Array bytea(Connection connection, byte[][] values) throws SQLException {
        return pg(connection).createArrayOf("bytea", (Object) values);
    }

    public static Array text(Connection connection, String[] values) throws SQLException {
        return connection.createArrayOf("text", values);
    }

    private static PGConnection pg(Connection connection) throws SQLException {
        return connection.unwrap(PGConnection.class);
    }
}

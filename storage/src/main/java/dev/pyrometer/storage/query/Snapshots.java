package dev.pyrometer.storage.query;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs reads in one read-only repeatable-read transaction: every statement sees the same snapshot. */
final class Snapshots {
    private Snapshots() {
    }

    interface Read<T> {
        T run() throws SQLException;
    }

    static <T> T readOnly(Connection connection, Read<T> read) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        int isolation = connection.getTransactionIsolation();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
        try {
            T result = read.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setReadOnly(false);
            connection.setTransactionIsolation(isolation);
            connection.setAutoCommit(autoCommit);
        }
    }
}

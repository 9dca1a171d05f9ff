package dev.pyrometer.query.api;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells a database that is unavailable for now (down, unreachable, restarting, out of connections) from a failed query. */
public final class StorageFailures {
    private StorageFailures() {
    }

    /**
     * Whether {@code e}, or an exception chained to it, says the database is unavailable: a transient or recoverable
     * JDBC failure (a pool that timed out waiting for a connection among them), or a SQLSTATE of class 08 (connection
     * exception), 53 (insufficient resources) or 57P (operator intervention: shutdown, crash, not yet accepting), or
     * 40001 (serialization failure: on a streaming replica, a read cancelled by a conflict with recovery; a retry
     * reads a newer snapshot).
     */
    public static boolean isUnavailable(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P") || state.equals("40001")) {
                    return true;
                }
            }
        }
        return false;
    }
}

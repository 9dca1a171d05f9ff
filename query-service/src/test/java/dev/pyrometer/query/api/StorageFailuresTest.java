package dev.pyrometer.query.api;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which storage failures are "unavailable, retry" (503) and which are failed queries (500). */
class StorageFailuresTest {
    @Test
    void connectionResourceShutdownAndRecoveryConflictStatesAreUnavailable() {
        for (String state : new String[] {"08001", "08006", "53300", "57P01", "57P03", "40001"}) {
            assertThat(StorageFailures.isUnavailable(new SQLException("x", state))).as(state).isTrue();
        }
        assertThat(StorageFailures.isUnavailable(new SQLTransientConnectionException("pool timed out"))).isTrue();
        assertThat(StorageFailures.isUnavailable(new SQLException("wrapped", null, new SQLException("x", "08006")))).isTrue();
    }

    @Test
    void otherFailuresAreFailedQueries() {
        for (String state : new String[] {"22021", "42P01", "42501", "XX000", "40P01"}) {
            assertThat(StorageFailures.isUnavailable(new SQLException("x", state))).as(state).isFalse();
        }
        assertThat(StorageFailures.isUnavailable(new SQLException("no state"))).isFalse();
    }
}

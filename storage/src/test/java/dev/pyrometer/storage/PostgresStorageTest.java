package dev.pyrometer.storage;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.storage.contract.AtomicBatchContract;
import dev.pyrometer.storage.contract.ConcurrentWriteContract;
import dev.pyrometer.storage.contract.DictionaryContract;
import dev.pyrometer.storage.contract.IdempotencyContract;
import dev.pyrometer.storage.contract.ReadWindowContract;
import dev.pyrometer.storage.contract.RoundTripContract;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.Nested;

/**
 * Runs the storage contract suite against PostgreSQL: embedded, or the server named by
 * {@code PYROMETER_TEST_JDBC_URL}. Another PostgreSQL-compatible backend (Citus) runs the same
 * contracts by copying this class with its own {@code newDatabase()}.
 */
class PostgresStorageTest {

    @Nested
    class RoundTrip extends RoundTripContract {
        @Override
        protected HikariDataSource newDatabase() {
            return TestDatabase.create();
        }
    }

    @Nested
    class ReadWindow extends ReadWindowContract {
        @Override
        protected HikariDataSource newDatabase() {
            return TestDatabase.create();
        }
    }

    @Nested
    class Idempotency extends IdempotencyContract {
        @Override
        protected HikariDataSource newDatabase() {
            return TestDatabase.create();
        }
    }

    @Nested
    class AtomicBatch extends AtomicBatchContract {
        @Override
        protected HikariDataSource newDatabase() {
            return TestDatabase.create();
        }
    }

    @Nested
    class Dictionaries extends DictionaryContract {
        @Override
        protected HikariDataSource newDatabase() {
            return TestDatabase.create();
        }
    }

    @Nested
    class ConcurrentWrites extends ConcurrentWriteContract {
        @Override
        protected HikariDataSource newDatabase() {
            return TestDatabase.create();
        }
    }
}

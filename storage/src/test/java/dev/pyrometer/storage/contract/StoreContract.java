package dev.pyrometer.storage.contract;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.storage.testing.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of the storage contract suite, after Zipkin's storage ITs: each concern is an abstract
 * class here, and a backend runs them all by nesting one subclass per concern that says how to get
 * a fresh, migrated database (see {@code PostgresStorageTest}). Every test gets its own database.
 */
public abstract class StoreContract {
    protected Store store;

    /** A new, empty database with the schema applied. */
    protected abstract HikariDataSource newDatabase();

    @BeforeEach
    void openStore() {
        store = new Store(newDatabase());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
}

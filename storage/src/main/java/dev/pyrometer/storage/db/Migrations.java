package dev.pyrometer.storage.db;

import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Brings a database to the current schema with the Flyway migrations under {@code db/migration}. */
public final class Migrations {
    private Migrations() {
    }

    public static void apply(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}

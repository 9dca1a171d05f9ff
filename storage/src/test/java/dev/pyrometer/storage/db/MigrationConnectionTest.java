package dev.pyrometer.storage.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Migrations run on connections of their own, which a long rewrite of a large table does not time out. */
class MigrationConnectionTest {
    @Test
    void migrationsRunWithoutTheSocketTimeoutOfThePool() {
        DatabaseSettings settings = new DatabaseSettings("jdbc:postgresql://127.0.0.1:5432/pyrometer", "", "", "", 0, 8, "pyrometer");
        String url = settings.url();
        assertThat(Database.poolConfig(settings, url).getDataSourceProperties().getProperty("socketTimeout")).isEqualTo("60");
        assertThat(Database.migrationConfig(settings, url).getDataSourceProperties().getProperty("socketTimeout")).isEqualTo("0");
        assertThat(Database.migrationConfig(settings, url).getPoolName()).isEqualTo("pyrometer-migrations");
        assertThat(Database.migrationConfig(settings, url).getMaximumPoolSize()).isEqualTo(2);
    }
}

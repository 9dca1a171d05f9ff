package dev.pyrometer.bench.query;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.storage.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The tiers found in PostgreSQL's catalog by name and shape, with partitions summed under their partitioned table. */
class StorageTiersTest {
    private HikariDataSource dataSource;

    @BeforeEach
    void open() {
        dataSource = TestDatabase.create();
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void rawRollupAndBookkeepingTablesAreFoundByNameAndPayloadColumn() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA tiers_test");
            statement.execute("SET search_path TO tiers_test");
            statement.execute("CREATE TABLE profile (time integer NOT NULL, payload bytea NOT NULL) PARTITION BY RANGE (time)");
            statement.execute("CREATE TABLE profile_a PARTITION OF profile FOR VALUES FROM (0) TO (100)");
            statement.execute("CREATE TABLE profile_b PARTITION OF profile FOR VALUES FROM (100) TO (200)");
            // Chunks count the snapshots they hold, not their rows.
            statement.execute("CREATE TABLE profile_chunk (times integer[] NOT NULL, payloads bytea[] NOT NULL)");
            statement.execute("CREATE TABLE rollup_ten_minutes (bucket integer PRIMARY KEY, payload bytea NOT NULL)");
            // A partition whose own name matches no prefix still counts under its partitioned table.
            statement.execute("CREATE TABLE group_rollup_hour (bucket integer NOT NULL, payload bytea NOT NULL) PARTITION BY RANGE (bucket)");
            statement.execute("CREATE TABLE grh_first PARTITION OF group_rollup_hour FOR VALUES FROM (0) TO (1000)");
            statement.execute("CREATE TABLE rollup_pending (bucket integer PRIMARY KEY)");
            statement.execute("CREATE TABLE rollups_archive (payload bytea)");
            statement.execute("CREATE TABLE series (payload bytea)");
            statement.execute("INSERT INTO profile SELECT g, decode(repeat('ab', 300), 'hex') FROM generate_series(0, 149) g");
            statement.execute("INSERT INTO profile_chunk VALUES ('{1,2,3}', '{\\\\x01,\\\\x02,\\\\x03}'), ('{4,5,6,7}', '{\\\\x04,\\\\x05,\\\\x06,\\\\x07}')");
            statement.execute("INSERT INTO rollup_ten_minutes SELECT g, decode(repeat('cd', 200), 'hex') FROM generate_series(1, 12) g");
            statement.execute("INSERT INTO group_rollup_hour SELECT g, decode('ef', 'hex') FROM generate_series(1, 3) g");
            statement.execute("INSERT INTO rollup_pending VALUES (7)");
            statement.execute("INSERT INTO rollups_archive VALUES ('\\x00'), ('\\x01')");

            StorageTiers tiers = StorageTiers.read(connection);

            long profileBytes = size(statement, "profile_a") + size(statement, "profile_b");
            long chunkBytes = size(statement, "profile_chunk");
            long tenMinuteBytes = size(statement, "rollup_ten_minutes");
            long groupBytes = size(statement, "grh_first");
            assertThat(tiers.tables()).containsExactly(
                    new StorageTiers.Table("profile", StorageTiers.Role.RAW, 150, profileBytes),
                    new StorageTiers.Table("profile_chunk", StorageTiers.Role.RAW, 7, chunkBytes),
                    new StorageTiers.Table("rollup_ten_minutes", StorageTiers.Role.ROLLUP, 12, tenMinuteBytes),
                    new StorageTiers.Table("group_rollup_hour", StorageTiers.Role.ROLLUP, 3, groupBytes),
                    new StorageTiers.Table("rollup_pending", StorageTiers.Role.BOOKKEEPING, 1, size(statement, "rollup_pending")));
            assertThat(tiers.rawRows()).isEqualTo(157);
            assertThat(tiers.rawBytes()).isEqualTo(profileBytes + chunkBytes);
            assertThat(tiers.rollupBytes()).isEqualTo(tenMinuteBytes + groupBytes);
            assertThat(tiers.rollupShare()).isEqualTo((double) (tenMinuteBytes + groupBytes) / (profileBytes + chunkBytes));
            assertThat(StorageTiers.tables(connection)).containsExactly("\"group_rollup_hour\"", "\"profile\"", "\"profile_chunk\"", "\"rollup_pending\"", "\"rollup_ten_minutes\"");
        }
    }

    @Test
    void theMigratedSchemaHasRawRowsAndChunksAndTheirRollupsByPrefix() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            StorageTiers tiers = StorageTiers.read(connection);
            assertThat(tiers.ofRole(StorageTiers.Role.RAW)).extracting(StorageTiers.Table::name).containsExactlyInAnyOrder("profile", "profile_chunk");
            assertThat(tiers.ofRole(StorageTiers.Role.ROLLUP)).isNotEmpty()
                    .allSatisfy(table -> assertThat(table.name()).matches("(group_)?rollup_.*"));
            assertThat(tiers.tables()).allSatisfy(table -> assertThat(table.rows()).isZero());
        }
    }

    @Test
    void aLoadIsWhatWasAddedAndSurvivesTheManifest() {
        StorageTiers before = new StorageTiers(List.of(
                new StorageTiers.Table("profile", StorageTiers.Role.RAW, 10, 8192),
                new StorageTiers.Table("rollup_hour", StorageTiers.Role.ROLLUP, 1, 16384)));
        StorageTiers after = new StorageTiers(List.of(
                new StorageTiers.Table("profile", StorageTiers.Role.RAW, 110, 81920),
                new StorageTiers.Table("rollup_hour", StorageTiers.Role.ROLLUP, 5, 24576),
                new StorageTiers.Table("rollup_pending", StorageTiers.Role.BOOKKEEPING, 0, 8192)));

        StorageTiers load = after.minus(before);
        assertThat(load.tables()).containsExactly(
                new StorageTiers.Table("profile", StorageTiers.Role.RAW, 100, 73728),
                new StorageTiers.Table("rollup_hour", StorageTiers.Role.ROLLUP, 4, 8192),
                new StorageTiers.Table("rollup_pending", StorageTiers.Role.BOOKKEEPING, 0, 8192));
        assertThat(load.rollupShare()).isEqualTo(8192.0 / 73728);

        Properties manifest = new Properties();
        load.store(manifest);
        assertThat(StorageTiers.load(manifest)).isEqualTo(load);
        assertThat(StorageTiers.load(new Properties())).as("a manifest from before the tables were recorded").isNull();
    }

    private static long size(Statement statement, String table) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT pg_total_relation_size('" + table + "')")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

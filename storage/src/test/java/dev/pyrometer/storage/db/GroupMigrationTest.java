package dev.pyrometer.storage.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.rollup.Tier;
import dev.pyrometer.storage.testing.Aggregate;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.TestDatabase;
import dev.pyrometer.storage.write.ProfileWriter;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database holding data of the schema before service-level rollups (V2) is migrated: its series are grouped by
 * the default dropped labels, every stored minute is marked again, and the rollup job then computes the new tiers,
 * per series and per group, equal to the raw rows.
 */
class GroupMigrationTest {
    private static final Instant T = Instant.parse("2026-06-01T10:00:05Z");

    @Test
    void existingSeriesAreGroupedAndTheirDataRolledUpIntoTheNewTiers() throws Exception {
        try (HikariDataSource dataSource = TestDatabase.createEmpty()) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("2").load().migrate();
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO tenant (name) VALUES ('default')");
                statement.execute("INSERT INTO series (tenant_id, profile_type, service_name, labels, series_key) VALUES "
                        + "(1, 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', 'api', '{\"service_name\": \"api\", \"pod\": \"a\"}', 'k1'), "
                        + "(1, 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', 'api', '{\"service_name\": \"api\", \"pod\": \"b\", \"node\": \"n\"}', 'k2'), "
                        + "(1, 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', 'api', '{\"service_name\": \"api\", \"pod\": \"c\", \"region\": \"eu\"}', 'k3')");
                statement.execute("CREATE TABLE profile_p20260601 PARTITION OF profile FOR VALUES FROM ('2026-06-01') TO ('2026-06-02')");
                // payload format 1: period 10,000,000, duration 0, one stack (id 1) of value 30,000,000 (zigzag varints)
                for (int series = 1; series <= 3; series++) {
                    statement.execute("INSERT INTO profile (series_id, time, receipt, total, tenant_id, payload) VALUES (" + series
                            + ", '2026-06-01T10:00:05Z', " + series + ", 30000000, 1, '\\x0180dac409000101808ece1c')");
                }
                statement.execute("INSERT INTO rollup_pending (tenant_id, tier, bucket) VALUES (1, 2, '2026-06-01T10:00:00Z')");
            }

            Migrations.apply(dataSource);

            Store store = new Store(dataSource);
            Map<Long, Long> groupOf = store.groupOfSeries();
            assertThat(groupOf.get(1L)).as("pods a and b (and b's node) are one group").isEqualTo(groupOf.get(2L));
            assertThat(groupOf.get(3L)).as("region is kept").isNotEqualTo(groupOf.get(1L));
            assertThat(store.pending()).extracting(Store.PendingMark::tier).containsExactlyInAnyOrder(Tier.MINUTE.code(), Tier.HOUR.code());

            new RollupJob(dataSource, Duration.ofMinutes(1), 1000, 1, 1, 1).runOnce(T.plus(Duration.ofDays(2)));

            var raw = store.rawRows();
            assertThat(raw).hasSize(3).allMatch(row -> row.payload().values()[0] == 30_000_000L);
            for (Tier tier : Tier.values()) {
                if (tier.seriesTable() != null) {
                    var expected = Aggregate.byBucket(tier, raw);
                    if (tier == Tier.TEN_MINUTES) { // cpu is summed and every group has its bucket: see SeriesBuckets
                        expected.replaceAll((bucket, merged) -> merged.withoutStacks());
                    }
                    assertThat(Aggregate.stored(store.rollupRows(tier))).as("%s", tier).isEqualTo(expected);
                }
                assertThat(Aggregate.stored(store.rollupRows(tier, true))).as("%s of groups", tier)
                        .isEqualTo(Aggregate.storedGroupBuckets(tier, raw, groupOf, 1, 1));
            }
            assertThat(store.rollupRows(Tier.DAY, true)).extracting(Store.RollupRow::total).containsExactlyInAnyOrder(60_000_000L, 30_000_000L);
            assertThat(store.pending()).isEmpty();
            // a series created after the migration joins its pods' existing group
            ProfileWriter writer = store.writer();
            writer.write(List.of(Store.upload("new", Captures.split("cpu-1.pb.gz",
                    Captures.labels("service_name", "api", "pod", "d"), Captures.nanos(T)))));
            Map<Long, Long> after = store.groupOfSeries();
            long newCpu = store.count("SELECT max(id) FROM series WHERE profile_type = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds'");
            assertThat(after.get(newCpu)).isEqualTo(groupOf.get(1L));
        }
    }
}

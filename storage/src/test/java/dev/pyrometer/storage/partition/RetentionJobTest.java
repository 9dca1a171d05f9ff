package dev.pyrometer.storage.partition;

import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.rollup.Tier;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.PendingMark;
import dev.pyrometer.storage.testing.Store.RawRow;
import dev.pyrometer.storage.testing.Store.RollupRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionJobTest {
    private static final Instant NOW = Instant.parse("2026-05-10T12:00:00Z");
    /** With 3 days of retention at NOW, 05-08 is the first day kept. */
    private static final Instant FIRST_KEPT = Instant.parse("2026-05-08T00:00:00Z");

    private Store store;
    private RetentionJob retention;

    @BeforeEach
    void open() {
        store = Store.create();
        retention = new RetentionJob(store.dataSource(), new DailyPartitions(), 3, 2);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createsTodayAndTheDaysAhead() throws Exception {
        retention.runOnce(NOW);

        assertThat(retention.firstKeptDay(NOW)).isEqualTo(LocalDate.of(2026, 5, 8));
        assertThat(partitions()).containsExactly(
                Map.entry("group_rollup_minute", List.of("group_rollup_minute_p20260510", "group_rollup_minute_p20260511",
                        "group_rollup_minute_p20260512")),
                Map.entry("group_rollup_ten_seconds", List.of("group_rollup_ten_seconds_p20260510", "group_rollup_ten_seconds_p20260511",
                        "group_rollup_ten_seconds_p20260512")),
                Map.entry("profile", List.of("profile_p20260510", "profile_p20260511", "profile_p20260512")),
                Map.entry("profile_chunk", List.of("profile_chunk_p20260510", "profile_chunk_p20260511", "profile_chunk_p20260512")),
                Map.entry("rollup_ten_minutes", List.of("rollup_ten_minutes_p20260510", "rollup_ten_minutes_p20260511",
                        "rollup_ten_minutes_p20260512")));
    }

    @Test
    void expiresWholeDaysBeforeTheRetentionAndKeepsTheRest() throws Exception {
        List<String> times = List.of("2026-05-05T12:00:00Z", "2026-05-07T23:59:59.999999Z", "2026-05-08T00:00:00Z",
                "2026-05-09T06:30:00Z", "2026-05-10T11:00:00Z");
        for (String time : times) {
            store.write(Store.upload(time, Captures.split("heap-3.pb.gz", "api", Instant.parse(time))));
        }
        new RollupJob(store.dataSource(), Duration.ZERO, 1000, 1, 1, 1).runOnce(Instant.parse("2026-05-20T00:00:00Z"));
        store.write(Store.upload("late", Captures.split("heap-4.pb.gz", "api", Instant.parse("2026-05-05T13:00:00Z"))));
        store.write(Store.upload("fresh", Captures.split("heap-4.pb.gz", "api", Instant.parse("2026-05-10T11:30:00Z"))));
        List<String> keptRaw = store.rawRows().stream().filter(row -> row.micros() >= micros(FIRST_KEPT)).map(RawRow::fingerprint).toList();
        assertThat(keptRaw).hasSizeLessThan(store.rawRows().size()).isNotEmpty();

        retention.runOnce(NOW);

        assertThat(store.rawRows()).extracting(RawRow::fingerprint).isEqualTo(keptRaw);
        assertThat(store.rawRows()).extracting(RawRow::micros).allMatch(micros -> micros >= micros(FIRST_KEPT));
        for (Tier tier : Tier.values()) {
            for (boolean groups : new boolean[] {false, true}) {
                if (tier.table(groups) != null) {
                    assertThat(store.rollupRows(tier, groups)).as("%s rollups of %s", tier, groups ? "groups" : "series").isNotEmpty()
                            .extracting(RollupRow::bucket).allMatch(bucket -> !bucket.isBefore(FIRST_KEPT));
                }
            }
        }
        assertThat(store.rollupRows(Tier.DAY)).extracting(RollupRow::bucket).containsOnly(
                FIRST_KEPT, Instant.parse("2026-05-09T00:00:00Z"), Instant.parse("2026-05-10T00:00:00Z"));
        assertThat(store.pending()).as("the late 05-05 mark is gone, the fresh one stays")
                .containsExactly(new PendingMark(1, 1, Instant.parse("2026-05-10T11:30:00Z")));
        assertThat(partitions().get("profile")).containsExactly(
                "profile_p20260508", "profile_p20260509", "profile_p20260510", "profile_p20260511", "profile_p20260512");
        for (String table : List.of("rollup_ten_minutes", "group_rollup_minute", "group_rollup_ten_seconds")) {
            assertThat(partitions().get(table)).containsExactly(table + "_p20260508", table + "_p20260509",
                    table + "_p20260510", table + "_p20260511", table + "_p20260512");
        }
    }

    @Test
    void runningAgainChangesNothing() throws Exception {
        store.write(Store.upload("old", Captures.split("cpu-1.pb.gz", "api", Instant.parse("2026-05-01T00:00:00Z"))));
        store.write(Store.upload("new", Captures.split("cpu-1.pb.gz", "api", NOW)));
        retention.runOnce(NOW);
        Map<String, Long> counts = store.rowCounts();
        Map<String, List<String>> partitions = partitions();

        retention.runOnce(NOW);
        new RetentionJob(store.dataSource(), new DailyPartitions(), 3, 2).runOnce(NOW);

        assertThat(store.rowCounts()).isEqualTo(counts).containsEntry("profile", 2L);
        assertThat(partitions()).isEqualTo(partitions);
    }

    @Test
    void refusesLessThanOneDay() {
        assertThatThrownBy(() -> new RetentionJob(store.dataSource(), new DailyPartitions(), 0, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private Map<String, List<String>> partitions() throws SQLException {
        DailyPartitions partitions = new DailyPartitions();
        try (Connection connection = store.dataSource().getConnection()) {
            Map<String, List<String>> byTable = new TreeMap<>();
            for (String table : DailyPartitions.TABLES) {
                byTable.put(table, partitions.partitions(connection, table));
            }
            return byTable;
        }
    }

    private static long micros(Instant time) {
        return time.getEpochSecond() * 1_000_000L + time.getNano() / 1000;
    }
}

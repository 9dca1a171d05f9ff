package dev.pyrometer.storage.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.RawRow;
import dev.pyrometer.storage.testing.TestDatabase;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunks written in the layout of migration V5 (payloads as an array of bytea) read the same after V6 (payloads back to back with their offsets). */
class ChunkLayoutMigrationTest {
    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final LabelSet POD = Captures.labels("service_name", "api", "pod", "api-1");

    @Test
    void chunksOfTheArrayLayoutReadTheSameSnapshotsAfterTheMigration() throws Exception {
        try (HikariDataSource dataSource = TestDatabase.createEmpty()) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("5").load().migrate();
            Store store = new Store(dataSource);
            List<Upload> uploads = new ArrayList<>();
            for (int i = 0; i < 75; i++) {
                uploads.add(Store.upload("u-" + i, Captures.split("cpu-" + (i % 6 + 1) + ".pb.gz", POD, Captures.nanos(START.plusSeconds(10L * i)))));
            }
            assertThat(store.writer().write(uploads)).containsOnly(WriteOutcome.STORED);
            List<String> written = fingerprints(store.rawRows("profile"));
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                // as V5's compaction wrote them: the first two ten minutes in chunks, the last 150 s still raw rows
                statement.execute("INSERT INTO profile_chunk (series_id, bucket, tenant_id, times, receipts, totals, payloads) "
                        + "SELECT series_id, date_bin('10 minutes', time, 'epoch'), tenant_id, array_agg(time ORDER BY time, receipt), "
                        + "array_agg(receipt ORDER BY time, receipt), array_agg(total ORDER BY time, receipt), array_agg(payload ORDER BY time, receipt) "
                        + "FROM profile WHERE time < '2026-06-01T10:20:00Z' GROUP BY series_id, date_bin('10 minutes', time, 'epoch'), tenant_id");
                statement.execute("DELETE FROM profile WHERE time < '2026-06-01T10:20:00Z'");
            }

            Migrations.apply(dataSource);

            assertThat(store.count("SELECT count(*) FROM profile_chunk")).isEqualTo(4L);
            assertThat(store.count("SELECT count(*) FROM profile_chunk WHERE cardinality(payload_offsets) = cardinality(times) + 1 "
                    + "AND payload_offsets[1] = 0 AND payload_offsets[cardinality(payload_offsets)] = octet_length(payloads)")).isEqualTo(4L);
            assertThat(fingerprints(store.rawRows())).isEqualTo(written);
        }
    }

    private static List<String> fingerprints(List<RawRow> rows) {
        return rows.stream().map(RawRow::fingerprint).toList();
    }
}

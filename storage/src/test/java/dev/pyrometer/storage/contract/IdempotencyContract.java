package dev.pyrometer.storage.contract;

import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.read.StoredProfile;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.Receipts;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A retried push stores nothing; only the same id for the same series and time counts as a retry. */
public abstract class IdempotencyContract extends StoreContract {
    private static final Instant T = Instant.parse("2026-03-02T10:15:30.123456Z");
    private static final long T_NANOS = T.getEpochSecond() * 1_000_000_000L + T.getNano();

    @Test
    void aRetriedPushIsADuplicateAndChangesNoTable() throws Exception {
        Upload upload = Store.upload("push-1", Captures.split("heap-2.pb.gz", "api", T_NANOS));
        assertThat(store.write(upload)).containsExactly(WriteOutcome.STORED);
        Map<String, Long> afterFirst = store.rowCounts();
        assertThat(afterFirst).containsEntry("profile", (long) upload.series().size()).containsEntry("rollup_pending", 1L);

        assertThat(store.write(upload)).containsExactly(WriteOutcome.DUPLICATE);
        assertThat(store.rowCounts()).isEqualTo(afterFirst);

        assertThat(store.newWriter().write(List.of(upload))).as("another replica, cold caches").containsExactly(WriteOutcome.DUPLICATE);
        assertThat(store.rowCounts()).isEqualTo(afterFirst);
    }

    @Test
    void aRetryArrivingAfterTheRollupLeavesNothingToRecompute() throws Exception {
        Upload upload = Store.upload("push-1", Captures.split("cpu-1.pb.gz", "api", T_NANOS));
        store.write(upload);
        new RollupJob(store.dataSource(), Duration.ZERO, 100).runOnce(T.plus(Duration.ofDays(2)));
        Map<String, Long> rolledUp = store.rowCounts();
        assertThat(rolledUp).containsEntry("rollup_pending", 0L).containsEntry("rollup_day", (long) upload.series().size());

        assertThat(store.write(upload)).containsExactly(WriteOutcome.DUPLICATE);

        assertThat(store.rowCounts()).isEqualTo(rolledUp);
        assertThat(store.pending()).isEmpty();
    }

    @Test
    void theSameIdTwiceInOneBatchIsStoredOnce() throws Exception {
        Upload upload = Store.upload("push-1", Captures.split("cpu-3.pb.gz", "api", T_NANOS));

        assertThat(store.write(upload, upload)).containsExactly(WriteOutcome.STORED, WriteOutcome.DUPLICATE);
        assertThat(store.count("SELECT count(*) FROM profile")).isEqualTo(upload.series().size());
    }

    @Test
    void theSameIdInOtherSeriesIsStored() throws Exception {
        Upload api = Store.upload("push-1", Captures.split("cpu-1.pb.gz", "api", T_NANOS));
        Upload web = Store.upload("push-1", Captures.split("cpu-1.pb.gz", "web", T_NANOS));
        Upload later = Store.upload("push-1", Captures.split("cpu-1.pb.gz", "api", T_NANOS + 10_000_000_000L));

        assertThat(store.write(api)).containsExactly(WriteOutcome.STORED);
        assertThat(store.write(web, later)).containsExactly(WriteOutcome.STORED, WriteOutcome.STORED);

        assertThat(store.count("SELECT count(*) FROM profile")).isEqualTo(3L * api.series().size());
        assertThat(store.count("SELECT count(DISTINCT receipt) FROM profile")).isEqualTo(1);
        assertThat(store.count("SELECT count(*) FROM series")).isEqualTo(2L * api.series().size());
    }

    @Test
    void anotherIdWithTheSameContentAtTheSameTimeIsASecondSnapshot() throws Exception {
        List<SeriesProfile> series = Captures.split("goroutine-4.pb.gz", "api", T_NANOS);

        assertThat(store.write(Store.upload("push-1", series))).containsExactly(WriteOutcome.STORED);
        assertThat(store.write(Store.upload("push-2", series))).containsExactly(WriteOutcome.STORED);

        long seriesId = store.seriesIds().values().iterator().next();
        List<StoredProfile> read = store.reader().read(seriesId, T_NANOS - 1000, T_NANOS + 1000);
        assertThat(read).extracting(StoredProfile::receipt)
                .containsExactlyInAnyOrder(Receipts.of("push-1"), Receipts.of("push-2"));
        assertThat(read).allSatisfy(stored -> {
            assertThat(stored.profile().timeNanos()).isEqualTo(T_NANOS / 1000 * 1000);
            assertThat(stored.profile().valuesByStack()).isEqualTo(series.get(0).valuesByStack());
        });
    }
}

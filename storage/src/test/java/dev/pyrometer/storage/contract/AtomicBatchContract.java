package dev.pyrometer.storage.contract;

import dev.pyrometer.storage.partition.DailyPartitions;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.PendingMark;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A batch commits whole or not at all. The failures are real ones raised by PostgreSQL: the day
 * partition of one upload dropped behind the writer's back (as another replica's retention job
 * would), and a trigger refusing one rollup mark.
 */
public abstract class AtomicBatchContract extends StoreContract {
    private static final Instant MONDAY = Instant.parse("2026-03-02T10:15:30Z");
    private static final Instant TUESDAY = Instant.parse("2026-03-03T08:00:05Z");

    @Test
    void aBatchWithOneFailingUploadStoresNoRowAndNoMark() throws Exception {
        assertThat(store.write(upload("first", "cpu-1.pb.gz", MONDAY))).containsExactly(WriteOutcome.STORED);
        store.execute("DROP TABLE profile_p20260302");
        Upload good = upload("good", "heap-1.pb.gz", TUESDAY);
        Upload doomed = upload("doomed", "cpu-2.pb.gz", MONDAY);
        long symbolsBefore = store.count("SELECT count(*) FROM symbol_stack");

        assertThatThrownBy(() -> store.write(good, doomed))
                .isInstanceOf(SQLException.class).hasMessageContaining("no partition");

        assertThat(store.count("SELECT count(*) FROM profile")).isZero();
        assertThat(store.pending()).as("only the mark of the first, committed batch")
                .containsExactly(new PendingMark((int) tenantId(), 1, Instant.parse("2026-03-02T10:15:00Z")));
        // Symbols, series and partitions are committed before the batch's transaction; they are
        // content-addressed, so what the failed batch left there is what a retry would add anyway.
        assertThat(store.count("SELECT count(*) FROM symbol_stack")).isGreaterThan(symbolsBefore);

        try (Connection connection = store.dataSource().getConnection()) {
            new DailyPartitions().ensure(connection, LocalDate.of(2026, 3, 2));
        }
        assertThat(store.write(good, doomed)).as("nothing of the failed batch was kept")
                .containsExactly(WriteOutcome.STORED, WriteOutcome.STORED);
        assertThat(store.count("SELECT count(*) FROM profile"))
                .isEqualTo(good.series().size() + doomed.series().size());
        assertThat(store.pending()).extracting(PendingMark::bucket).containsExactly(
                Instant.parse("2026-03-02T10:15:00Z"), Instant.parse("2026-03-03T08:00:00Z"));
    }

    @Test
    void aFailureAfterTheRowsAreInsertedUndoesThem() throws Exception {
        // PostgreSQL refuses the rollup mark of one minute, a statement after the rows' INSERT in
        // the batch's transaction: the rows already inserted must go with it.
        store.execute("CREATE FUNCTION refuse_mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.bucket = timestamptz '2026-03-02 10:15:00+00' THEN RAISE EXCEPTION 'mark refused'; END IF; "
                + "RETURN NEW; END $$");
        store.execute("CREATE TRIGGER refuse_mark BEFORE INSERT ON rollup_pending FOR EACH ROW EXECUTE FUNCTION refuse_mark()");
        Upload good = upload("good", "heap-1.pb.gz", TUESDAY);
        Upload doomed = upload("doomed", "cpu-2.pb.gz", MONDAY);

        assertThatThrownBy(() -> store.write(good, doomed)).isInstanceOf(SQLException.class).hasMessageContaining("mark refused");

        assertThat(store.count("SELECT count(*) FROM profile")).isZero();
        assertThat(store.pending()).isEmpty();

        store.execute("DROP TRIGGER refuse_mark ON rollup_pending");
        assertThat(store.write(good, doomed)).containsExactly(WriteOutcome.STORED, WriteOutcome.STORED);
        assertThat(store.pending()).hasSize(2);
    }

    private long tenantId() throws SQLException {
        return store.count("SELECT id FROM tenant WHERE name = ?", Store.TENANT);
    }

    private static Upload upload(String id, String capture, Instant time) {
        return Store.upload(id, Captures.split(capture, "api", time.getEpochSecond() * 1_000_000_000L));
    }
}

package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.RunningIngestService;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.write.Receipts;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.Map;

import static dev.pyrometer.ingest.support.IngestTestKit.capture;
import static dev.pyrometer.ingest.support.IngestTestKit.count;
import static dev.pyrometer.ingest.support.IngestTestKit.labels;
import static dev.pyrometer.ingest.support.IngestTestKit.push;
import static dev.pyrometer.ingest.support.IngestTestKit.recentNanos;
import static dev.pyrometer.ingest.support.IngestTestKit.rowCounts;
import static dev.pyrometer.ingest.support.IngestTestKit.stub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** A retried push (same ids) stores nothing new and says so per profile. */
class IdempotencyTest extends RunningIngestService {

    @Test
    void pushingTheSameRequestTwiceStoresItOnce() throws SQLException {
        long start = recentNanos();
        PushRequest request = push(
                capture("cpu-2.pb.gz", "retry-cpu-2", start, labels("service_name", Fixtures.SERVICE, "env", "idempotency"), ""),
                capture("heap-2.pb.gz", "retry-heap-2", start, labels("service_name", Fixtures.SERVICE, "env", "idempotency"), ""),
                capture("mutex-2.pb.gz", "retry-mutex-2", start, labels("service_name", Fixtures.SERVICE, "env", "idempotency"), "mutex"));
        Map<String, Long> before = rowCounts(database());

        PushResponse first = stub(channel, null).push(request);
        Map<String, Long> afterFirst = rowCounts(database());
        PushResponse second = stub(channel, null).push(request);
        Map<String, Long> afterSecond = rowCounts(database());

        assertThat(first.getResultsList()).extracting(ProfileResult::getId, ProfileResult::getOutcome, ProfileResult::getSeriesProfiles)
                .containsExactly(
                        tuple("retry-cpu-2", Outcome.OUTCOME_ACCEPTED, 2),
                        tuple("retry-heap-2", Outcome.OUTCOME_ACCEPTED, 4),
                        tuple("retry-mutex-2", Outcome.OUTCOME_ACCEPTED, 2));
        assertThat(second.getResultsList()).extracting(ProfileResult::getId, ProfileResult::getOutcome, ProfileResult::getSeriesProfiles)
                .containsExactly(
                        tuple("retry-cpu-2", Outcome.OUTCOME_DUPLICATE, 2),
                        tuple("retry-heap-2", Outcome.OUTCOME_DUPLICATE, 4),
                        tuple("retry-mutex-2", Outcome.OUTCOME_DUPLICATE, 2));

        assertThat(afterFirst.get("profile") - before.get("profile")).isEqualTo(8);
        assertThat(afterFirst.get("series") - before.get("series")).isEqualTo(8);
        assertThat(afterSecond).isEqualTo(afterFirst);
        assertThat(Map.of("retry-cpu-2", rowsOf("retry-cpu-2"), "retry-heap-2", rowsOf("retry-heap-2"), "retry-mutex-2", rowsOf("retry-mutex-2")))
                .isEqualTo(Map.of("retry-cpu-2", 2L, "retry-heap-2", 4L, "retry-mutex-2", 2L));
    }

    /** A push mixing a retried profile with a new one stores only the new one. */
    @Test
    void aPartlyRetriedPushStoresOnlyTheNewProfile() throws SQLException {
        long start = recentNanos() - 60_000_000_000L;
        RawProfile old = capture("goroutine-1.pb.gz", "retry-goroutine-1", start, labels("service_name", Fixtures.SERVICE, "env", "idempotency-mixed"), "");
        RawProfile fresh = capture("goroutine-2.pb.gz", "retry-goroutine-2", start + 1_000_000_000L,
                labels("service_name", Fixtures.SERVICE, "env", "idempotency-mixed"), "");
        assertThat(stub(channel, null).push(push(old)).getResults(0).getOutcome()).isEqualTo(Outcome.OUTCOME_ACCEPTED);
        Map<String, Long> before = rowCounts(database());

        PushResponse mixed = stub(channel, null).push(push(old, fresh));

        assertThat(mixed.getResultsList()).extracting(ProfileResult::getId, ProfileResult::getOutcome)
                .containsExactly(tuple("retry-goroutine-1", Outcome.OUTCOME_DUPLICATE), tuple("retry-goroutine-2", Outcome.OUTCOME_ACCEPTED));
        assertThat(rowCounts(database()).get("profile") - before.get("profile")).isEqualTo(1);
        assertThat(rowsOf("retry-goroutine-1")).isEqualTo(1);
        assertThat(rowsOf("retry-goroutine-2")).isEqualTo(1);
    }

    private static long rowsOf(String id) throws SQLException {
        return count(database(), "SELECT count(*) FROM " + RawRows.all() + " AS p WHERE receipt = " + Receipts.of(id));
    }
}

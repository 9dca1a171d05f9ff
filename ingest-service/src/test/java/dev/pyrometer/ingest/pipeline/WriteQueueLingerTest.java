package dev.pyrometer.ingest.pipeline;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.storage.dictionary.SymbolResolver;
import dev.pyrometer.storage.partition.DailyPartitions;
import dev.pyrometer.storage.series.SeriesRegistry;
import dev.pyrometer.storage.testing.TestDatabase;
import dev.pyrometer.storage.write.ProfileWriter;
import dev.pyrometer.storage.write.Receipts;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static dev.pyrometer.ingest.support.IngestTestKit.count;
import static dev.pyrometer.ingest.support.IngestTestKit.validProfile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A queue that lingers {@link WriteQueue.LingerPolicy#WHILE_ARRIVING}: with a linger of ten minutes, a writer
 * waits for more only while a push is announced as arriving. Each test's answer within a minute shows that the
 * writer did not sit out the linger.
 */
class WriteQueueLingerTest {
    private static final Duration LONG_LINGER = Duration.ofMinutes(10);
    private static final UploadValidator VALIDATOR = new UploadValidator(ProfileLimits.defaults(), received -> Instant.EPOCH, Duration.ofHours(1));
    private static HikariDataSource database;

    @BeforeAll
    static void createDatabase() {
        database = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void withNothingArrivingAPushIsWrittenAtOnce() throws Exception {
        List<WriteQueue.BatchStats> batches = new CopyOnWriteArrayList<>();
        WriteQueue queue = queue(batches);

        CompletableFuture<List<WriteOutcome>> alone = queue.submit(queued(upload("arriving-none")));

        assertThat(alone.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        queue.close();
        assertThat(batches).extracting(WriteQueue.BatchStats::uploads).containsExactly(1);
        assertThat(rowsOf("arriving-none")).isEqualTo(2);
    }

    @Test
    void whileAPushIsArrivingTheWriterWaitsForIt() throws Exception {
        List<WriteQueue.BatchStats> batches = new CopyOnWriteArrayList<>();
        WriteQueue queue = queue(batches);

        CompletableFuture<List<WriteOutcome>> first;
        CompletableFuture<List<WriteOutcome>> second;
        try (WriteQueue.Arrival arrival = queue.arrival()) {
            first = queue.submit(queued(upload("arriving-first")));
            second = queue.submit(queued(upload("arriving-second")));
        }

        assertThat(first.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        assertThat(second.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        queue.close();
        assertThat(batches).extracting(WriteQueue.BatchStats::uploads).containsExactly(2);
        assertThat(rowsOf("arriving-first") + rowsOf("arriving-second")).isEqualTo(4);
    }

    @Test
    void anArrivalThatEndsWithoutAPushStopsTheWait() throws Exception {
        List<WriteQueue.BatchStats> batches = new CopyOnWriteArrayList<>();
        WriteQueue queue = queue(batches);

        CompletableFuture<List<WriteOutcome>> lone;
        try (WriteQueue.Arrival refused = queue.arrival()) {
            lone = queue.submit(queued(upload("arriving-lone")));
        }

        assertThat(lone.get(1, TimeUnit.MINUTES)).containsExactly(WriteOutcome.STORED);
        queue.close();
        assertThat(batches).extracting(WriteQueue.BatchStats::uploads).containsExactly(1);
        assertThat(rowsOf("arriving-lone")).isEqualTo(2);
    }

    /** One writer, batches of at most two uploads, a ten-minute linger for arriving pushes. */
    private static WriteQueue queue(List<WriteQueue.BatchStats> batches) {
        ProfileWriter writer = new ProfileWriter(database, new SeriesRegistry(1000), new SymbolResolver(10_000), new DailyPartitions());
        return new WriteQueue(writer, 8, Long.MAX_VALUE, 2, LONG_LINGER, WriteQueue.LingerPolicy.WHILE_ARRIVING, Duration.ofDays(1), 1,
                batches::add);
    }

    private static WriteQueue.Push queued(Upload upload) {
        return new WriteQueue.Push(List.of(upload), RetainedBytes.of(List.of(upload)), Long.MAX_VALUE, () -> false);
    }

    private static Upload upload(String id) throws InvalidProfileException {
        return VALIDATOR.validate("default", validProfile(id, "linger"), Instant.now());
    }

    private static long rowsOf(String id) throws SQLException {
        return count(database, "SELECT count(*) FROM profile WHERE receipt = " + Receipts.of(id));
    }
}

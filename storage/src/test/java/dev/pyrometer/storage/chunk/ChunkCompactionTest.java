package dev.pyrometer.storage.chunk;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.storage.query.WindowRead;
import dev.pyrometer.storage.query.WindowReader;
import dev.pyrometer.storage.read.StoredProfile;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.rollup.Tier;
import dev.pyrometer.storage.testing.Aggregate;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.RawRow;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw rows of closed ten minutes move into chunks; every snapshot stays readable exactly once. */
class ChunkCompactionTest {
    private static final Instant START = Instant.parse("2026-04-07T12:00:00Z");
    private static final Instant FAR_AHEAD = Instant.parse("2026-04-09T00:00:00Z");
    private static final LabelSet POD = Captures.labels("service_name", "api", "pod", "api-1");
    /** A cpu capture splits into two series (cpu nanoseconds and samples). */
    private static final int CPU_SERIES = 2;

    private Store store;
    private RollupJob job;

    @BeforeEach
    void open() {
        store = Store.create();
        job = new RollupJob(store.dataSource(), Duration.ofMinutes(2), 10_000, 1, 1, 1);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void closedTenMinutesMoveIntoOneChunkPerSeriesAndReadAsBefore() throws Exception {
        List<Upload> uploads = cpuEvery10s(START, 150, "a");
        assertThat(store.writer().write(uploads)).containsOnly(WriteOutcome.STORED);
        List<String> before = fingerprints(store.rawRows());
        assertThat(before).hasSize(150 * CPU_SERIES);

        // at 12:27 the buckets 12:00 and 12:10 are past their end and the 2 minute grace; 12:20 is not
        job.runOnce(Instant.parse("2026-04-07T12:27:00Z"));

        assertThat(fingerprints(store.rawRows())).as("every snapshot, raw or chunked, as written").isEqualTo(before);
        assertThat(store.count("SELECT count(*) FROM profile")).as("12:20 to 12:25 stays raw").isEqualTo(30L * CPU_SERIES);
        assertThat(store.query("SELECT bucket::text || ' ' || cardinality(times) FROM profile_chunk ORDER BY series_id, bucket",
                rows -> rows.getString(1))).containsExactly(
                "2026-04-07 12:00:00+00 60", "2026-04-07 12:10:00+00 60", "2026-04-07 12:00:00+00 60", "2026-04-07 12:10:00+00 60");
        assertThat(store.query("SELECT count(*) FROM profile_chunk WHERE times = (SELECT array_agg(t ORDER BY t) FROM unnest(times) t)",
                rows -> rows.getLong(1))).as("snapshots in time order").containsExactly(4L);

        long seriesId = store.rawRows().get(0).seriesId();
        List<StoredProfile> read = store.reader().read(seriesId, Captures.nanos(START.plusSeconds(585)), Captures.nanos(START.plusSeconds(1205)));
        assertThat(read).as("12:09:45 to 12:20:05: the last snapshot of one chunk, all of the next, a raw row")
                .extracting(p -> p.profile().timeNanos() / 1_000_000_000L)
                .isEqualTo(LongStream.range(0, 62).map(i -> START.getEpochSecond() + 590 + 10 * i).boxed().toList());

        assertWindowReadsEqualRaw();
        assertThat(store.reader().read(seriesId, Captures.nanos(START), Captures.nanos(START.plusSeconds(1500)))).hasSize(150);
    }

    @Test
    void aRetryOfAChunkedSnapshotStoresNothingAndALateOneJoinsTheChunk() throws Exception {
        List<Upload> uploads = cpuEvery10s(START, 60, "a");
        store.writer().write(uploads);
        job.runOnce(FAR_AHEAD);
        assertThat(store.count("SELECT count(*) FROM profile")).isZero();
        List<String> chunked = fingerprints(store.rawRows());

        assertThat(store.writer().write(List.of(uploads.get(7), uploads.get(59)))).containsExactly(WriteOutcome.DUPLICATE, WriteOutcome.DUPLICATE);
        assertThat(fingerprints(store.rawRows())).isEqualTo(chunked);
        assertThat(store.pending()).as("a retry marks nothing").isEmpty();

        Upload late = Store.upload("late", Captures.split("cpu-3.pb.gz", POD, Captures.nanos(START.plusSeconds(303))));
        assertThat(store.writer().write(List.of(late))).containsExactly(WriteOutcome.STORED);
        assertThat(store.count("SELECT count(*) FROM profile")).as("the late snapshot waits in profile").isEqualTo(CPU_SERIES);
        assertThat(store.rawRows()).hasSize(61 * CPU_SERIES);
        assertWindowReadsEqualRaw();
        assertThat(store.writer().write(List.of(late))).as("its retry, before compaction").containsExactly(WriteOutcome.DUPLICATE);

        job.runOnce(FAR_AHEAD);

        assertThat(store.count("SELECT count(*) FROM profile")).isZero();
        assertThat(store.query("SELECT cardinality(times) FROM profile_chunk", rows -> rows.getInt(1))).containsOnly(61);
        assertThat(store.rawRows()).hasSize(61 * CPU_SERIES);
        assertThat(Aggregate.stored(store.rollupRows(Tier.TEN_MINUTES))).isEqualTo(Aggregate.byBucket(Tier.TEN_MINUTES, store.rawRows()));
        assertThat(store.writer().write(List.of(late))).as("its retry, after compaction").containsExactly(WriteOutcome.DUPLICATE);
        assertWindowReadsEqualRaw();
    }

    @Test
    void retriesRacingTheCompactionAreNeverStoredTwice() throws Exception {
        List<Upload> uploads = cpuEvery10s(START, 120, "a");
        store.writer().write(uploads);
        List<String> written = fingerprints(store.rawRows());

        CompletableFuture<List<WriteOutcome>> retries = CompletableFuture.supplyAsync(() -> {
            List<WriteOutcome> outcomes = new ArrayList<>();
            try {
                for (int round = 0; round < 30; round++) {
                    for (int i = round % 10; i < uploads.size(); i += 10) {
                        outcomes.addAll(store.writer().write(List.of(uploads.get(i))));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return outcomes;
        });
        while (!retries.isDone()) {
            job.runOnce(FAR_AHEAD);
        }
        job.runOnce(FAR_AHEAD);

        assertThat(retries.get()).hasSize(30 * 12).containsOnly(WriteOutcome.DUPLICATE);
        assertThat(fingerprints(store.rawRows())).isEqualTo(written);
        assertThat(store.count("SELECT count(*) FROM profile")).isZero();
    }

    @Test
    void aSeriesAboveTheChunkBoundKeepsItsRawRows() throws Exception {
        store.writer().write(cpuEvery10s(START, 60, "a"));
        store.writer().write(every10s("goroutine", START, 60, "g"));
        List<String> written = fingerprints(store.rawRows());
        long smallest = store.count("SELECT min(s) FROM (SELECT sum(octet_length(payload))::bigint AS s FROM profile GROUP BY series_id) t");
        long largest = store.count("SELECT max(s) FROM (SELECT sum(octet_length(payload))::bigint AS s FROM profile GROUP BY series_id) t");
        assertThat(smallest).isLessThan(largest);

        try (Connection connection = store.dataSource().getConnection()) {
            assertThat(ChunkCompaction.compact(connection, 1, START.getEpochSecond(), smallest)).isEqualTo(1);
        }

        assertThat(store.count("SELECT count(*) FROM profile")).as("the two larger series stay raw").isEqualTo(2 * 60L);
        assertThat(store.count("SELECT count(*) FROM profile_chunk")).isEqualTo(1L);
        assertThat(fingerprints(store.rawRows())).isEqualTo(written);
        assertWindowReadsEqualRaw();
    }

    @Test
    void aRangeReadsFromAChunkExactlyTheSnapshotsInside() throws Exception {
        List<Upload> uploads = new ArrayList<>(cpuEvery10s(START, 60, "a"));
        uploads.add(Store.upload("same-time", Captures.split("cpu-2.pb.gz", POD, Captures.nanos(START.plusSeconds(40)))));
        store.writer().write(uploads);
        List<RawRow> written = store.rawRows();
        assertThat(written).as("two snapshots of each series at 12:00:40").hasSize(61 * CPU_SERIES);
        job.runOnce(FAR_AHEAD);
        assertThat(store.count("SELECT count(*) FROM profile")).isZero();

        long start = START.getEpochSecond() * 1_000_000L;
        long second = 1_000_000L;
        List<String> bounds = new ArrayList<>(List.of("'-infinity'::timestamptz", "'infinity'::timestamptz"));
        List<Long> micros = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE));
        for (long at : new long[] {start - 1, start, start + 1, start + 40 * second - 1, start + 40 * second, start + 40 * second + 1,
                start + 45 * second, start + 590 * second, start + 590 * second + 1, start + 600 * second}) {
            bounds.add("(timestamptz 'epoch' + " + at + " * interval '1 microsecond')");
            micros.add(at);
        }
        for (int f = 0; f < bounds.size(); f++) {
            for (int t = 0; t < bounds.size(); t++) {
                long from = micros.get(f);
                long to = micros.get(t);
                List<String> expected = fingerprints(written.stream().filter(row -> row.micros() >= from && row.micros() < to).toList());
                List<String> read = fingerprints(store.rawRows(bounds.get(f), bounds.get(t)));
                assertThat(read).as("[%s, %s)", bounds.get(f), bounds.get(t)).isEqualTo(expected);
            }
        }
    }

    /** Uploads of one cpu capture per 10 s from {@code from}, ids prefixed with {@code prefix}. */
    private static List<Upload> cpuEvery10s(Instant from, int count, String prefix) {
        return every10s("cpu", from, count, prefix);
    }

    /** Uploads of one capture of {@code kind} per 10 s from {@code from}, cycling through the capture rounds. */
    private static List<Upload> every10s(String kind, Instant from, int count, String prefix) {
        List<Upload> uploads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant time = from.plusSeconds(10L * i);
            uploads.add(Store.upload(prefix + "-" + i, Captures.split(kind + "-" + (i % 6 + 1) + ".pb.gz", POD, Captures.nanos(time))));
        }
        return uploads;
    }

    /** Raw-only and planned reads of every series over windows with unaligned edges equal the merge of every raw snapshot. */
    private void assertWindowReadsEqualRaw() throws Exception {
        List<RawRow> raw = store.rawRows();
        long[] ids = raw.stream().mapToLong(RawRow::seriesId).distinct().sorted().toArray();
        long start = START.getEpochSecond() * 1_000_000L;
        WindowReader reader = new WindowReader(store.dataSource());
        for (long[] window : new long[][] {{start, start + 3_600_000_000L}, {start + 295_000_000L, start + 1_207_000_000L},
                {start + 601_000_000L, start + 609_000_000L}}) {
            Map<Long, Aggregate> expected = new HashMap<>();
            raw.stream().filter(row -> row.micros() >= window[0] && row.micros() < window[1])
                    .forEach(row -> expected.merge(row.seriesId(), Aggregate.of(row).withoutTotal(), Aggregate::plus));
            for (Tier coarsest : new Tier[] {null, Tier.DAY}) {
                WindowRead read = reader.read(1, ids, window[0], window[1], coarsest);
                Map<Long, Aggregate> merged = new HashMap<>();
                read.series().forEach(sum -> merged.put(sum.seriesId(), Aggregate.of(sum.summed(), sum.snapshots())));
                assertThat(merged).as("window %s..%s, coarsest %s", window[0], window[1], coarsest).isEqualTo(expected);
            }
        }
    }

    private static List<String> fingerprints(List<RawRow> rows) {
        return rows.stream().map(RawRow::fingerprint).toList();
    }
}

package dev.pyrometer.storage.query;

import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.RawRow;
import dev.pyrometer.storage.write.Upload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Timelines: per series and step, the sum of the stored totals and the number of snapshots, equal to
 * what the raw rows give, whether the steps are read from rollups (steps that are whole minutes, hours or
 * days) or from raw rows, with late rows and buckets not yet rolled up.
 */
class TimelineReaderTest {
    private static final Instant DAY0 = Instant.parse("2026-07-01T00:00:00Z");
    private static final long S = 1_000_000L;
    private static final long MIN = 60 * S;
    private static final long HOUR = 60 * MIN;
    private static final long DAY = 24 * HOUR;
    private static final long T0 = DAY0.getEpochSecond() * S;
    private static final long[] STEPS = {10 * S, 45 * S, MIN, 5 * MIN, 90 * MIN, HOUR, 6 * HOUR, DAY};

    private Store store;
    private TimelineReader reader;
    private SeriesCatalog catalog;
    private RollupJob job;

    @BeforeEach
    void open() {
        store = Store.create();
        reader = new TimelineReader(store.dataSource());
        catalog = new SeriesCatalog(store.dataSource());
        job = new RollupJob(store.dataSource(), Duration.ZERO, 100_000);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void totalsPerStepEqualTheRawSumsWhateverTheStepWindowAndRollupState() throws Exception {
        Random random = new Random(99);
        // one service every 10 s from 22:50 on day 0 to 01:10 on day 1, then scattered rows over two days
        Instant start = DAY0.plus(Duration.ofHours(22)).plus(Duration.ofMinutes(50));
        List<Upload> batch = new ArrayList<>();
        for (int i = 0; i < 140 * 6; i++) {
            Instant time = start.plusSeconds(10L * i);
            batch.add(Store.upload("tick-" + i, Captures.split((i % 2 == 0 ? "cpu-" : "goroutine-") + (i % 6 + 1) + ".pb.gz", "api", time)));
        }
        store.writer().write(batch);
        int uploads = 0;
        for (int round = 0; round < 6; round++) {
            List<Upload> scattered = new ArrayList<>();
            for (int n = 0; n < 10; n++) {
                Instant time = DAY0.plusSeconds(random.nextInt(2 * 86_400)).plusNanos(random.nextInt(1_000_000_000));
                scattered.add(Store.upload("scattered-" + uploads++, Captures.split("heap-" + (1 + random.nextInt(6)) + ".pb.gz",
                        random.nextBoolean() ? "api" : "web", time)));
            }
            store.writer().write(scattered);
            if (round < 5) {
                job.runOnce(DAY0.plusSeconds(random.nextInt(3 * 86_400)));
            }
            assertReadsEqualRaw(random, "round " + round);
        }
        assertThat(store.pending()).as("late rows left marked").isNotEmpty();
        job.runOnce(DAY0.plus(Duration.ofDays(5)));
        assertThat(store.pending()).isEmpty();
        assertReadsEqualRaw(random, "all rolled up");
    }

    @Test
    void theFirstStepStartsAtAMultipleOfTheStepAndTheLastMayBePartial() throws Exception {
        Instant minute = DAY0.plus(Duration.ofHours(3));
        store.write(Store.upload("a", Captures.split("goroutine-1.pb.gz", "api", minute.plusSeconds(10))),
                Store.upload("b", Captures.split("goroutine-2.pb.gz", "api", minute.plusSeconds(50))),
                Store.upload("c", Captures.split("goroutine-3.pb.gz", "api", minute.plusSeconds(130))),
                Store.upload("d", Captures.split("goroutine-4.pb.gz", "api", minute.plusSeconds(185))));
        job.runOnce(DAY0.plus(Duration.ofDays(1)));
        int tenantId = catalog.tenantId(Store.TENANT).orElseThrow();
        long series = catalog.series(tenantId, null, "api").get(0).id();
        long from = DAY0.getEpochSecond() * S + 3 * HOUR;
        long[] totals = totals("api");

        // from 03:00:30 to 03:03:05 by minutes: steps start 03:00, 03:01, 03:02, 03:03 (partial, to 03:03:05)
        List<SeriesTimeline> timelines = reader.read(tenantId, new long[] {series}, from + 30 * S, from + 185 * S, MIN);
        assertThat(TimelineReader.alignedStart(from + 30 * S, MIN)).isEqualTo(from);
        assertThat(timelines).singleElement().satisfies(timeline -> {
            assertThat(timeline.seriesId()).isEqualTo(series);
            assertThat(timeline.snapshots()).containsExactly(2, 0, 1, 0);
            assertThat(timeline.totals()).containsExactly(totals[0] + totals[1], 0, totals[2], 0);
        });
        assertThat(reader.read(tenantId, new long[] {series}, from + 30 * S, from + 186 * S, MIN).get(0).snapshots())
                .containsExactly(2, 0, 1, 1);
        assertThat(reader.read(tenantId, new long[] {series}, from + 5 * HOUR, from + 6 * HOUR, MIN)).as("no data").isEmpty();
        assertThat(reader.read(tenantId, new long[0], from, from + HOUR, MIN)).isEmpty();
        assertThatThrownBy(() -> reader.read(tenantId, new long[] {series}, from, from + HOUR, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step");
    }

    private void assertReadsEqualRaw(Random random, String where) throws Exception {
        List<RawRow> raw = store.rawRows();
        int tenantId = catalog.tenantId(Store.TENANT).orElseThrow();
        long[] ids = catalog.series(tenantId, null, null).stream().mapToLong(SeriesInfo::id).toArray();
        for (int w = 0; w < 12; w++) {
            long step = STEPS[random.nextInt(STEPS.length)];
            long from = T0 - HOUR + (long) (random.nextDouble() * (2 * DAY + 2 * HOUR));
            if (random.nextBoolean()) {
                from = Math.floorDiv(from, step) * step;
            }
            long to = from + 1 + (long) (random.nextDouble() * Math.min(2 * DAY, 400 * step));
            List<SeriesTimeline> actual = reader.read(tenantId, ids, from, to, step);
            assertThat(text(actual)).as("%s, step %d µs, [%d, %d)", where, step, from, to).isEqualTo(text(expected(raw, ids, from, to, step)));
        }
    }

    private static List<SeriesTimeline> expected(List<RawRow> raw, long[] ids, long from, long to, long step) {
        long start = Math.floorDiv(from, step) * step;
        int steps = (int) ((to - start + step - 1) / step);
        List<SeriesTimeline> result = new ArrayList<>();
        for (long id : Arrays.stream(ids).sorted().toArray()) {
            long[] totals = new long[steps];
            int[] snapshots = new int[steps];
            boolean any = false;
            for (RawRow row : raw) {
                if (row.seriesId() == id && row.micros() >= start && row.micros() < to) {
                    int k = (int) ((row.micros() - start) / step);
                    totals[k] += row.total();
                    snapshots[k]++;
                    any = true;
                }
            }
            if (any) {
                result.add(new SeriesTimeline(id, totals, snapshots, null, null));
            }
        }
        return result;
    }

    /** Series with snapshots dated in the window; a series only reached by an earlier snapshot's span is left out. */
    private static List<String> text(List<SeriesTimeline> timelines) {
        return timelines.stream().filter(t -> Arrays.stream(t.snapshots()).sum() > 0).map(t -> t.seriesId() + " totals " + Arrays.toString(t.totals()) + " snapshots "
                + Arrays.toString(t.snapshots())).toList();
    }

    private long[] totals(String service) throws Exception {
        return store.query("SELECT p.total FROM " + RawRows.all() + " p JOIN series s ON s.id = p.series_id WHERE s.service_name = ? ORDER BY p.time",
                rows -> rows.getLong(1), service).stream().mapToLong(Long::longValue).toArray();
    }
}

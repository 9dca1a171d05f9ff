package dev.pyrometer.storage.query;

import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.rollup.Tier;
import dev.pyrometer.storage.testing.Aggregate;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A window read over the rollup tiers gives exactly what merging the window's raw rows gives: the same
 * series, stack ids, values, snapshot counts, durations and periods, whatever the window and whatever the
 * state of the rollup job (late rows, buckets not yet rolled up, pending marks of other tenants).
 */
class WindowReaderTest {
    private static final long SEED = 20_261_126L;
    private static final int ROUNDS = 16;
    private static final int WINDOWS_PER_ROUND = 16;
    private static final Instant DAY0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final long S = 1_000_000L;
    private static final long MIN = 60 * S;
    private static final long HOUR = 60 * MIN;
    private static final long DAY = 24 * HOUR;
    private static final long T0 = DAY0.getEpochSecond() * S;
    private static final List<String> TENANTS = List.of("default", "globex");
    private static final List<String> SERVICES = List.of("api", "web");

    private Store store;
    private WindowReader reader;
    private SeriesCatalog catalog;
    private RollupJob job;

    @BeforeEach
    void open() {
        store = Store.create();
        reader = new WindowReader(store.dataSource());
        catalog = new SeriesCatalog(store.dataSource());
        job = new RollupJob(store.dataSource(), Duration.ZERO, 100_000);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void randomWindowsPlannedOverRollupsEqualTheRawMergeExactly() throws Exception {
        Random random = new Random(SEED);
        List<String> captures = Fixtures.allCaptures();
        int uploadNumber = 0;
        int windowsUsingRollups = 0;
        int windowsWithPendingMarksInside = 0;
        int windowsUsingEveryTier = 0;
        int groupWindowsUsingEveryTier = 0;
        int groupWindowsUsingTenSeconds = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Upload> batch = new ArrayList<>();
            for (int n = 5 + random.nextInt(20); n > 0; n--) {
                batch.add(new Upload(TENANTS.get(random.nextInt(TENANTS.size())), "u" + uploadNumber++,
                        Captures.split(captures.get(random.nextInt(captures.size())), Captures.labels("service_name",
                                SERVICES.get(random.nextInt(SERVICES.size())), "pod", "pod-" + random.nextInt(3)), Captures.nanos(randomTime(random)))));
            }
            store.writer().write(batch);
            if (round % 4 != 3) {
                // roll up only what ended before a random instant: later buckets keep their marks
                job.runOnce(DAY0.plusSeconds(random.nextInt(4 * 86_400)));
            }

            List<RawRow> raw = store.rawRows();
            List<Store.PendingMark> pending = store.pending();
            for (int w = 0; w < WINDOWS_PER_ROUND; w++) {
                String tenant = TENANTS.get(random.nextInt(TENANTS.size()));
                Integer tenantId = catalog.tenantId(tenant).orElse(null);
                if (tenantId == null) {
                    continue;
                }
                long[] ids = pickSeries(random, catalog.series(tenantId, null, null));
                long[] window = randomWindow(random);
                long from = window[0];
                long to = window[1];
                String where = "round " + round + ", tenant " + tenant + ", window [" + from + ", " + to + ")";

                WindowRead planned = reader.read(tenantId, ids, from, to, Tier.DAY);
                WindowRead rawOnly = reader.read(tenantId, ids, from, to, null);

                Map<Long, Aggregate> expected = rawMerge(raw, ids, from, to);
                assertThat(sums(rawOnly)).as("raw-only read, %s", where).isEqualTo(expected);
                assertThat(sums(planned)).as("planned read, %s", where).isEqualTo(expected);
                assertThat(rawOnly.plan()).containsExactly(new Piece(null, from, to));
                assertThat(rawOnly.stats().rows()).as("raw rows read, %s", where).isEqualTo(rawRowCount(raw, ids, from, to));

                boolean usedRollups = planned.plan().stream().anyMatch(piece -> !piece.raw());
                if (usedRollups) {
                    windowsUsingRollups++;
                }
                if (planned.plan().stream().map(Piece::tier).distinct().count() == 4) {
                    windowsUsingEveryTier++;
                }

                // the tenant's series read as whole groups (pods merged away) from the group tiers
                Map<Long, Long> groupOf = new HashMap<>();
                for (SeriesInfo info : catalog.series(tenantId, null, null)) {
                    groupOf.put(info.id(), info.groupId());
                }
                WindowRead groups = reader.read(tenantId, new long[0], groupOf, from, to, Tier.DAY);
                long[] all = groupOf.keySet().stream().mapToLong(Long::longValue).toArray();
                Map<Long, Aggregate> expectedGroups = new TreeMap<>();
                rawMerge(raw, all, from, to).forEach((series, aggregate) -> expectedGroups.merge(groupOf.get(series), aggregate, Aggregate::plus));
                assertThat(sums(groups.groups(), "group")).as("group read, %s", where).isEqualTo(expectedGroups);
                Set<Tier> groupTiers = new HashSet<>();
                groups.groupPlan().forEach(piece -> groupTiers.add(piece.tier()));
                if (groupTiers.containsAll(Arrays.asList(null, Tier.MINUTE, Tier.TEN_MINUTES, Tier.HOUR, Tier.DAY))) {
                    groupWindowsUsingEveryTier++;
                }
                if (groupTiers.contains(Tier.TEN_SECONDS)) {
                    groupWindowsUsingTenSeconds++;
                }
                if (usedRollups && pending.stream().anyMatch(mark -> mark.tenantId() == tenantId
                        && micros(mark.bucket()) >= from && micros(mark.bucket()) < to)) {
                    windowsWithPendingMarksInside++;
                }
            }
        }
        assertThat(windowsUsingRollups).as("windows answered partly from rollups").isGreaterThan(ROUNDS * WINDOWS_PER_ROUND / 3);
        assertThat(windowsWithPendingMarksInside).as("windows with pending marks inside that still used rollups").isGreaterThan(10);
        assertThat(windowsUsingEveryTier).as("windows using day, hour, ten-minute rollups and raw edges at once").isGreaterThan(5);
        assertThat(groupWindowsUsingEveryTier).as("group windows using every tier from the minute up and raw edges at once").isGreaterThan(5);
        assertThat(groupWindowsUsingTenSeconds).as("group windows with ten-second pieces at their edges").isGreaterThan(20);
    }

    @Test
    void lateRowsAreReadRawUntilTheirBucketsAreRolledUpAgain() throws Exception {
        Instant hour = DAY0.plus(Duration.ofHours(5));
        for (int i = 0; i < 6; i++) {
            store.write(Store.upload("on-time-" + i, Captures.split("cpu-" + (i + 1) + ".pb.gz", "api", hour.plusSeconds(600L * i + 7))));
        }
        job.runOnce(DAY0.plus(Duration.ofDays(2)));
        int tenantId = catalog.tenantId(Store.TENANT).orElseThrow();
        long[] ids = ids(catalog.series(tenantId, "process_cpu:cpu:nanoseconds:cpu:nanoseconds", "api"));
        long from = micros(hour);
        long to = from + HOUR;

        WindowRead before = reader.read(tenantId, ids, from, to, Tier.DAY);
        assertThat(before.plan()).containsExactly(new Piece(Tier.HOUR, from, to));
        assertThat(before.series()).singleElement().satisfies(sums -> assertThat(sums.snapshots()).isEqualTo(6));
        assertThat(before.stats().rows()).as("one hour bucket").isEqualTo(1);

        Instant late = hour.plus(Duration.ofMinutes(42)).plusNanos(123_456_789);
        store.write(Store.upload("late", Captures.split("cpu-6.pb.gz", "api", late)));
        long lateMinute = from + 42 * MIN;

        WindowRead during = reader.read(tenantId, ids, from, to, Tier.DAY);
        List<Piece> expectedPlan = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            long start = from + t * 10 * MIN;
            expectedPlan.add(start == from + 40 * MIN ? new Piece(null, start, start + 10 * MIN) : new Piece(Tier.TEN_MINUTES, start, start + 10 * MIN));
        }
        assertThat(during.plan()).as("per series, the late minute's ten minutes are read raw").containsExactlyElementsOf(expectedPlan);
        assertThat(sums(during)).isEqualTo(sums(reader.read(tenantId, ids, from, to, null)));
        assertThat(during.series()).singleElement().satisfies(sums -> assertThat(sums.snapshots()).isEqualTo(7));
        assertThat(during.stats().rows()).as("5 ten-minute buckets, 2 raw rows").isEqualTo(7);

        Map<Long, Long> group = Map.of(ids[0], catalog.byId(ids[0]).orElseThrow().groupId());
        WindowRead groupDuring = reader.read(tenantId, new long[0], group, from, to, Tier.DAY);
        List<Piece> expectedGroupPlan = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            expectedGroupPlan.add(new Piece(Tier.TEN_MINUTES, from + t * 10 * MIN, from + (t + 1) * 10 * MIN));
        }
        for (int m = 40; m < 50; m++) {
            long start = from + m * MIN;
            expectedGroupPlan.add(start == lateMinute ? new Piece(null, start, start + MIN) : new Piece(Tier.MINUTE, start, start + MIN));
        }
        expectedGroupPlan.add(new Piece(Tier.TEN_MINUTES, from + 50 * MIN, to));
        assertThat(groupDuring.groupPlan()).as("per group, only the late minute is read raw").containsExactlyElementsOf(expectedGroupPlan);
        assertThat(groupDuring.groups()).singleElement().satisfies(sums -> {
            assertThat(sums.snapshots()).isEqualTo(7);
            assertThat(sums.summed()).usingRecursiveComparison().isEqualTo(during.series().get(0).summed());
        });
        assertThat(groupDuring.stats().rows()).as("5 ten-minute buckets, 1 minute bucket, 1 raw row").isEqualTo(7);

        job.runOnce(DAY0.plus(Duration.ofDays(2)));
        WindowRead after = reader.read(tenantId, ids, from, to, Tier.DAY);
        assertThat(after.plan()).containsExactly(new Piece(Tier.HOUR, from, to));
        assertThat(sums(after)).isEqualTo(sums(during));
    }

    @Test
    void anotherTenantsPendingMarksDoNotDirtyThePlan() throws Exception {
        Instant day = DAY0.plus(Duration.ofDays(1));
        store.write(Store.upload("mine", Captures.split("goroutine-1.pb.gz", "api", day.plusSeconds(3_600))));
        job.runOnce(DAY0.plus(Duration.ofDays(5)));
        store.writer().write(List.of(new Upload("globex", "theirs", Captures.split("goroutine-2.pb.gz", "api", day.plusSeconds(7_200)))));
        assertThat(store.pending()).isNotEmpty();

        int mine = catalog.tenantId(Store.TENANT).orElseThrow();
        int theirs = catalog.tenantId("globex").orElseThrow();
        long from = micros(day);
        WindowRead read = reader.read(mine, ids(catalog.series(mine, null, null)), from, from + DAY, Tier.DAY);
        assertThat(read.plan()).containsExactly(new Piece(Tier.DAY, from, from + DAY));
        assertThat(read.series()).hasSize(1);

        WindowRead other = reader.read(theirs, ids(catalog.series(theirs, null, null)), from, from + DAY, Tier.DAY);
        assertThat(other.plan()).as("their marked minute's ten minutes, hour and day fall back to raw")
                .contains(new Piece(null, from + 2 * HOUR, from + 2 * HOUR + 10 * MIN));
        assertThat(other.series()).hasSize(1);
    }

    @Test
    void statsCountRowsAndBucketsReadAndTheirPayloadBytes() throws Exception {
        Instant day = DAY0.plus(Duration.ofDays(2));
        for (int i = 0; i < 4; i++) {
            store.write(Store.upload("s" + i, Captures.split("heap-" + (i + 1) + ".pb.gz", "api", day.plusSeconds(3_600L * i + 30))));
        }
        job.runOnce(DAY0.plus(Duration.ofDays(5)));
        int tenantId = catalog.tenantId(Store.TENANT).orElseThrow();
        long[] ids = ids(catalog.series(tenantId, null, null));
        assertThat(ids).hasSize(4);
        long from = micros(day);

        WindowRead whole = reader.read(tenantId, ids, from, from + DAY, Tier.DAY);
        assertThat(whole.stats()).isEqualTo(new ReadStats(4, store.count(
                "SELECT sum(octet_length(payload))::bigint FROM rollup_day WHERE bucket = to_timestamp(?)", day.getEpochSecond())));

        WindowRead raw = reader.read(tenantId, ids, from, from + DAY, null);
        assertThat(raw.stats()).isEqualTo(new ReadStats(16, store.count("SELECT sum(octet_length(payload))::bigint FROM " + RawRows.all() + " AS p")));

        // [00:00:10, 02:00:40): a raw edge holding the first snapshot, 5 empty ten-minute buckets, the 01:00
        // hour holding the second, and a raw tail holding the third
        long mixedFrom = from + 10 * S;
        long mixedTo = from + 2 * HOUR + 40 * S;
        WindowRead mixed = reader.read(tenantId, ids, mixedFrom, mixedTo, Tier.DAY);
        long rawBytes = store.count("SELECT sum(octet_length(payload))::bigint FROM " + RawRows.all() + " AS p WHERE time IN (to_timestamp(?), to_timestamp(?))",
                day.getEpochSecond() + 30, day.getEpochSecond() + 2 * 3_600 + 30);
        long hourBytes = store.count("SELECT sum(octet_length(payload))::bigint FROM rollup_hour WHERE bucket = to_timestamp(?)",
                day.getEpochSecond() + 3_600);
        assertThat(mixed.stats()).as("8 raw rows and 4 hour buckets").isEqualTo(new ReadStats(12, rawBytes + hourBytes));
        assertThat(sums(mixed)).isEqualTo(sums(reader.read(tenantId, ids, mixedFrom, mixedTo, null)));
    }

    @Test
    void onlyTheAskedSeriesAreReadAndSeriesWithoutDataAreLeftOut() throws Exception {
        Instant at = DAY0.plusSeconds(90);
        store.write(Store.upload("api", Captures.split("cpu-1.pb.gz", "api", at)),
                Store.upload("web", Captures.split("cpu-2.pb.gz", "web", at.plusSeconds(3_600))));
        int tenantId = catalog.tenantId(Store.TENANT).orElseThrow();
        long[] api = ids(catalog.series(tenantId, null, "api"));
        long[] web = ids(catalog.series(tenantId, null, "web"));
        long from = T0;

        WindowRead read = reader.read(tenantId, api, from, from + HOUR, Tier.DAY);
        assertThat(read.series()).extracting(SeriesSums::seriesId).containsExactly(api[0], api[1]);
        assertThat(reader.read(tenantId, web, from, from + HOUR, Tier.DAY).series()).isEmpty();
        assertThat(reader.read(tenantId, new long[0], from, from + DAY, Tier.DAY).series()).isEmpty();
        assertThat(reader.read(tenantId, api, from + HOUR, from, Tier.DAY).series()).isEmpty();
    }

    private static Instant randomTime(Random random) {
        long second = random.nextInt(3 * 86_400);
        return switch (random.nextInt(6)) {
            case 0 -> DAY0.plusSeconds(second / 60 * 60);
            case 1 -> DAY0.plusSeconds(second / 3_600 * 3_600);
            case 2 -> DAY0.plusSeconds(second / 86_400 * 86_400).minusNanos(1_000);
            default -> DAY0.plusSeconds(second).plusNanos(random.nextInt(1_000_000_000));
        };
    }

    /** [from, to) in µs: unaligned, minute-, hour- or day-aligned, short or spanning days. */
    private static long[] randomWindow(Random random) {
        long span = 3 * DAY + 2 * HOUR;
        long start = T0 - HOUR + (long) (random.nextDouble() * span);
        return switch (random.nextInt(6)) {
            case 0 -> new long[] {floor(start, MIN), floor(start, MIN) + MIN * (1 + random.nextInt(3 * 24 * 60))};
            case 1 -> new long[] {floor(start, HOUR), floor(start, HOUR) + HOUR * (1 + random.nextInt(3 * 24))};
            case 2 -> new long[] {floor(start, DAY), floor(start, DAY) + DAY * (1 + random.nextInt(3))};
            case 3 -> new long[] {start, start + 1 + random.nextInt((int) (2 * MIN))};
            default -> new long[] {start, start + 1 + (long) (random.nextDouble() * (span - (start - T0 + HOUR)))};
        };
    }

    private static long[] pickSeries(Random random, List<SeriesInfo> series) {
        if (random.nextInt(3) > 0) {
            return ids(series);
        }
        return series.stream().filter(info -> random.nextBoolean()).mapToLong(SeriesInfo::id).toArray();
    }

    private static Map<Long, Aggregate> sums(WindowRead read) {
        return sums(read.series(), "series");
    }

    private static Map<Long, Aggregate> sums(List<SeriesSums> read, String what) {
        Map<Long, Aggregate> bySeries = new TreeMap<>();
        for (SeriesSums sums : read) {
            Payload payload = sums.summed();
            SortedMap<Long, Long> values = new TreeMap<>();
            for (int i = 0; i < payload.stackIds().length; i++) {
                values.put(payload.stackIds()[i], payload.values()[i]);
            }
            assertThat(values).as("%s %d: stack ids are distinct and no value is 0", what, sums.seriesId())
                    .hasSize(payload.stackIds().length).doesNotContainValue(0L);
            if (bySeries.put(sums.seriesId(), new Aggregate(values, sums.snapshots(), payload.total(), payload.durationNanos(),
                    payload.period())) != null) {
                throw new AssertionError(what + " " + sums.seriesId() + " appears twice");
            }
        }
        return bySeries;
    }

    /** The oracle: the window's raw rows of the asked series, merged the plain way. */
    private static Map<Long, Aggregate> rawMerge(List<RawRow> raw, long[] ids, long from, long to) {
        Map<Long, Aggregate> bySeries = new TreeMap<>();
        for (RawRow row : raw) {
            if (contains(ids, row.seriesId()) && row.micros() >= from && row.micros() < to) {
                bySeries.merge(row.seriesId(), Aggregate.of(row), Aggregate::plus);
            }
        }
        return bySeries;
    }

    private static long rawRowCount(List<RawRow> raw, long[] ids, long from, long to) {
        return raw.stream().filter(row -> contains(ids, row.seriesId()) && row.micros() >= from && row.micros() < to).count();
    }

    private static boolean contains(long[] ids, long id) {
        for (long candidate : ids) {
            if (candidate == id) {
                return true;
            }
        }
        return false;
    }

    private static long[] ids(List<SeriesInfo> series) {
        return series.stream().mapToLong(SeriesInfo::id).toArray();
    }

    private static long floor(long micros, long width) {
        return Math.floorDiv(micros, width) * width;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * S + instant.getNano() / 1000;
    }
}

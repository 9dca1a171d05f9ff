package dev.pyrometer.storage.rollup;

import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.storage.query.Piece;
import dev.pyrometer.storage.query.SeriesTimeline;
import dev.pyrometer.storage.query.TimelineReader;
import dev.pyrometer.storage.query.WindowRead;
import dev.pyrometer.storage.query.WindowReader;
import dev.pyrometer.storage.testing.Aggregate;
import dev.pyrometer.storage.testing.Aggregate.Bucket;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.PendingMark;
import dev.pyrometer.storage.testing.Store.RawRow;
import dev.pyrometer.storage.testing.Store.RollupRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rollup bucket equals the plain merge of the raw rows it covers, also after late rows. */
class RollupJobTest {
    private static final List<String> KINDS = List.of("cpu", "heap", "goroutine");
    /** cpu has 2 sample types, heap 4, goroutine 1. */
    private static final int SERIES = 7;
    private static final Instant START = Instant.parse("2026-03-01T22:30:00Z");
    private static final Instant FAR_AHEAD = Instant.parse("2026-03-10T00:00:00Z");

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
    void everyTierEqualsTheMergeOfItsRawRows() throws Exception {
        // 22:30:00 to 01:29:50 every 10 s, two pods of one version: rows fall exactly on minute, hour and day boundaries
        for (String pod : List.of("api-1", "api-2")) {
            Timeline.write(store, Captures.labels("service_name", "api", "pod", pod, "version", "v7"), KINDS, START, Duration.ofSeconds(10), 3 * 360);
        }
        assertThat(store.pending()).hasSize(180).allMatch(mark -> mark.tier() == Tier.MINUTE.code());

        assertThat(job.runOnce(FAR_AHEAD)).as("180 minutes, 18 ten-minute buckets, 4 hours, 2 days").isEqualTo(180 + 18 + 4 + 2);

        assertTiersEqualRaw();
        assertThat(store.count("SELECT count(*) FROM series_group")).as("the two pods' series share groups").isEqualTo(SERIES);
        assertThat(store.rollupRows(Tier.TEN_SECONDS, true)).hasSize(6 * 180 * SERIES).allMatch(row -> row.snapshots() == 2);
        assertThat(store.rollupRows(Tier.MINUTE, true)).hasSize(180 * SERIES).allMatch(row -> row.snapshots() == 2 * 6);
        assertThat(store.rollupRows(Tier.TEN_MINUTES)).hasSize(2 * 18 * SERIES).allMatch(row -> row.snapshots() == 60);
        assertThat(store.rollupRows(Tier.TEN_MINUTES, true)).hasSize(18 * SERIES).allMatch(row -> row.snapshots() == 2 * 60);
        assertThat(store.rollupRows(Tier.HOUR)).hasSize(2 * 4 * SERIES).extracting(RollupRow::snapshots).containsOnly(180, 360);
        assertThat(store.rollupRows(Tier.HOUR, true)).hasSize(4 * SERIES).extracting(RollupRow::snapshots).containsOnly(360, 720);
        assertThat(store.rollupRows(Tier.DAY)).hasSize(2 * 2 * SERIES).extracting(RollupRow::snapshots).containsOnly(540);
        assertThat(store.rollupRows(Tier.DAY, true)).hasSize(2 * SERIES).extracting(RollupRow::snapshots).containsOnly(1080);
        assertThat(store.query("SELECT DISTINCT first_seen::text || ' ' || last_seen::text FROM series", rows -> rows.getString(1)))
                .as("every series' span, at ten-minute resolution").containsExactly("2026-03-01 22:30:00+00 2026-03-02 01:30:00+00");
        assertThat(store.query("SELECT DISTINCT first_seen::text || ' ' || last_seen::text FROM series_group", rows -> rows.getString(1)))
                .as("every group's span, the union of its members'").containsExactly("2026-03-01 22:30:00+00 2026-03-02 01:30:00+00");
        assertThat(store.pending()).isEmpty();
        assertThat(job.runOnce(FAR_AHEAD)).as("nothing left to do").isZero();
    }

    @Test
    void lateRowsRemarkTheirBucketsAndEveryTierIsRecomputed() throws Exception {
        Timeline.write(store, "api", KINDS, Instant.parse("2026-03-01T23:50:00Z"), Duration.ofSeconds(10), 120);
        job.runOnce(FAR_AHEAD);
        long cpuSeries = seriesId("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        Aggregate dayBefore = Aggregate.stored(store.rollupRows(Tier.DAY)).get(new Bucket(cpuSeries, Instant.parse("2026-03-01T00:00:00Z")));

        Instant lastMicro = Instant.parse("2026-03-01T23:59:59.999999Z");
        Instant midnight = Instant.parse("2026-03-02T00:00:00Z");
        store.write(Store.upload("late-1", Captures.split("cpu-6.pb.gz", "api", lastMicro)),
                Store.upload("late-2", Captures.split("heap-6.pb.gz", "api", midnight)));
        assertThat(store.pending()).containsExactly(
                new PendingMark(1, 1, Instant.parse("2026-03-01T23:59:00Z")), new PendingMark(1, 1, midnight));

        assertThat(job.runOnce(FAR_AHEAD)).as("two minutes, two ten-minute buckets, two hours, two days").isEqualTo(8);

        assertTiersEqualRaw();
        assertThat(store.pending()).isEmpty();
        Aggregate dayAfter = Aggregate.stored(store.rollupRows(Tier.DAY)).get(new Bucket(cpuSeries, Instant.parse("2026-03-01T00:00:00Z")));
        long lateCpuTotal = Captures.split("cpu-6.pb.gz", "api", lastMicro).stream()
                .filter(p -> p.type().sampleType().equals("cpu")).mapToLong(p -> p.total()).sum();
        assertThat(dayAfter.snapshots()).isEqualTo(dayBefore.snapshots() + 1);
        assertThat(dayAfter.total()).isEqualTo(dayBefore.total() + lateCpuTotal);
    }

    @Test
    void bucketsEndingWithinTheGraceAreLeftForLater() throws Exception {
        for (String minute : List.of("12:05:00", "12:07:59.999999", "12:08:00", "12:09:30")) {
            Instant time = Instant.parse("2026-03-02T" + minute + "Z");
            store.write(Store.upload("at-" + minute, Captures.split("goroutine-1.pb.gz", "api", time)));
        }

        assertThat(job.runOnce(Instant.parse("2026-03-02T12:09:59.999Z"))).as("only 12:05 ended 2 min ago").isEqualTo(1);
        assertThat(job.runOnce(Instant.parse("2026-03-02T12:10:00Z"))).as("12:07 ends exactly 2 min ago").isEqualTo(1);

        assertThat(store.rollupRows(Tier.MINUTE, true)).extracting(RollupRow::bucket).containsExactly(
                Instant.parse("2026-03-02T12:05:00Z"), Instant.parse("2026-03-02T12:07:00Z"));
        assertThat(store.pending()).as("the ten-minute bucket 12:00 ends within the grace").containsExactly(
                new PendingMark(1, 1, Instant.parse("2026-03-02T12:08:00Z")),
                new PendingMark(1, 1, Instant.parse("2026-03-02T12:09:00Z")),
                new PendingMark(1, Tier.TEN_MINUTES.code(), Instant.parse("2026-03-02T12:00:00Z")));
        assertThat(store.rollupRows(Tier.TEN_MINUTES)).isEmpty();
        assertThat(store.rollupRows(Tier.HOUR)).isEmpty();
    }

    @Test
    void groupBucketsStandingForTooFewRowsAreNotStoredAndReadsFallBackToTheMembers() throws Exception {
        // two pods every 10 s for 30 minutes: 12 raw rows per group minute, 2 members per group bucket above
        for (String pod : List.of("api-1", "api-2")) {
            Timeline.write(store, Captures.labels("service_name", "api", "pod", pod, "version", "v7"), KINDS, START, Duration.ofSeconds(10), 180);
        }
        job.runOnce(FAR_AHEAD);
        assertThat(store.rollupRows(Tier.MINUTE, true)).hasSize(30 * SERIES);

        Instant lateTime = START.plus(Duration.ofMinutes(12)).plusSeconds(7);
        store.write(Store.upload("late", Captures.split("cpu-6.pb.gz", Captures.labels("service_name", "api", "pod", "api-1", "version", "v7"),
                Captures.nanos(lateTime))));
        try (RollupJob strict = new RollupJob(store.dataSource(), Duration.ofMinutes(2), 10_000, 1, 13)) {
            assertThat(strict.runOnce(FAR_AHEAD)).as("the late minute and the buckets above it").isEqualTo(4);
        }

        List<RawRow> raw = store.rawRows();
        Map<Long, Long> groupOf = store.groupOfSeries();
        Instant lateMinute = START.plus(Duration.ofMinutes(12));
        long cpuGroup = groupOf.get(seriesId("process_cpu:cpu:nanoseconds:cpu:nanoseconds"));
        long samplesGroup = groupOf.get(seriesId("process_cpu:samples:count:cpu:nanoseconds"));
        assertThat(store.rollupRows(Tier.MINUTE, true)).as("cpu's 13 rows stand for enough; the other types' 12 no longer do")
                .filteredOn(row -> row.bucket().equals(lateMinute)).extracting(RollupRow::seriesId).containsExactlyInAnyOrder(cpuGroup, samplesGroup);
        assertThat(store.rollupRows(Tier.TEN_MINUTES, true)).as("recomputed with two members: deleted")
                .noneMatch(row -> row.bucket().equals(START.plus(Duration.ofMinutes(10))));
        Map<Bucket, Aggregate> expected = Aggregate.byBucket(Tier.MINUTE, raw, groupOf);
        Aggregate.stored(store.rollupRows(Tier.MINUTE, true)).forEach((bucket, stored) -> assertThat(stored).isEqualTo(expected.get(bucket)));

        long from = START.getEpochSecond() * 1_000_000L + 15_000_000L;
        long to = from + Duration.ofMinutes(25).toNanos() / 1000;
        assertGroupReadEqualsRaw(from, to);
        WindowRead read = new WindowReader(store.dataSource()).read(1, new long[0], new HashMap<>(groupOf), from, to, Tier.DAY);
        assertThat(read.groupPlan()).extracting(Piece::tier).contains(Tier.TEN_MINUTES, Tier.MINUTE);
    }

    @Test
    void tenMinuteBucketsOfSummedTypesAtALowCadenceLeaveTheirStacksToTheirGroupAndChunk() throws Exception {
        // every 60 s for two hours from 22:30: 10 snapshots per series and ten minutes; v7 has two pods, v8 one
        for (String pod : List.of("api-1", "api-2")) {
            Timeline.write(store, Captures.labels("service_name", "api", "pod", pod, "version", "v7"), KINDS, START, Duration.ofSeconds(60), 120);
        }
        Timeline.write(store, Captures.labels("service_name", "api", "pod", "api-3", "version", "v8"), KINDS, START, Duration.ofSeconds(60), 120);
        try (RollupJob paired = new RollupJob(store.dataSource(), Duration.ofMinutes(2), 10_000, 1, 2)) {
            paired.runOnce(FAR_AHEAD);
        }

        List<RawRow> raw = store.rawRows();
        Map<Long, Boolean> summedV7 = new HashMap<>();
        store.seriesIds().forEach((name, id) -> summedV7.put(id, name.labels().get("version").equals("v7")
                && name.type().aggregation() == Aggregation.SUM));
        // cpu's 2 types and heap's alloc_objects and alloc_space are summed, inuse_* and goroutine averaged
        assertThat(summedV7.values().stream().filter(Boolean::booleanValue)).hasSize(2 * 4);
        List<RollupRow> tenMinutes = store.rollupRows(Tier.TEN_MINUTES);
        assertThat(tenMinutes).as("12 buckets of 21 series").hasSize(12 * 3 * SERIES).allMatch(row -> row.snapshots() == 10);
        assertThat(tenMinutes).as("without stacks: the summed types of v7, whose group has a bucket")
                .filteredOn(row -> row.payload() == null).hasSize(12 * 2 * 4).allMatch(row -> summedV7.get(row.seriesId()));
        Map<Bucket, Aggregate> expected = Aggregate.byBucket(Tier.TEN_MINUTES, raw);
        expected.replaceAll((bucket, merged) -> summedV7.get(bucket.seriesId()) ? merged.withoutStacks() : merged);
        assertThat(Aggregate.stored(tenMinutes)).as("the others keep their stacks; every total and count is kept").isEqualTo(expected);
        assertThat(Aggregate.stored(store.rollupRows(Tier.HOUR))).as("hours merge the chunks of those buckets")
                .isEqualTo(Aggregate.byBucket(Tier.HOUR, raw));
        assertThat(Aggregate.stored(store.rollupRows(Tier.DAY))).isEqualTo(Aggregate.byBucket(Tier.DAY, raw));

        long from = START.getEpochSecond() * 1_000_000L + 7_000_000L;
        long to = from + Duration.ofMinutes(100).toNanos() / 1000;
        assertThat(assertSeriesReadEqualsRaw(from, to).plan()).extracting(Piece::tier).contains(Tier.TEN_MINUTES, Tier.HOUR);
        assertGroupReadEqualsRaw(from, to);

        long cpu = summedV7.entrySet().stream().filter(Map.Entry::getValue).findFirst().orElseThrow().getKey();
        long step = Duration.ofMinutes(10).toNanos() / 1000;
        long start = START.getEpochSecond() * 1_000_000L;
        Map<Long, Long> rawTotals = new TreeMap<>();
        raw.stream().filter(row -> row.seriesId() == cpu).forEach(row -> rawTotals.merge((row.micros() - start) / step, row.total(), Long::sum));
        SeriesTimeline timeline = new TimelineReader(store.dataSource()).read(1, new long[] {cpu}, start, start + 12 * step, step).get(0);
        assertThat(LongStream.of(timeline.totals()).boxed().toList()).as("timelines read the totals kept")
                .isEqualTo(List.copyOf(rawTotals.values()));
        assertThat(IntStream.of(timeline.snapshots()).boxed().toList()).containsOnly(10);

        // v8's group has no bucket of its own (one member), so its members keep their stacks; one without them (as a
        // reader may meet across the shards of a distributed database) is read as its raw rows
        assertThat(store.update("UPDATE rollup_ten_minutes SET payload = NULL WHERE series_id IN (SELECT id FROM series "
                + "WHERE labels->>'version' = 'v8' AND profile_type LIKE 'process_cpu:%')")).isEqualTo(12 * 2);
        assertGroupReadEqualsRaw(from, to);
    }

    @Test
    void aLateMemberGivingItsGroupABucketTakesTheStacksOutOfItsMembersBuckets() throws Exception {
        // one pod every 60 s for 20 minutes: its group has no ten-minute bucket (one member, bound 2), so it keeps its stacks
        Timeline.write(store, Captures.labels("service_name", "api", "pod", "api-1", "version", "v7"), List.of("cpu"), START,
                Duration.ofSeconds(60), 20);
        try (RollupJob paired = new RollupJob(store.dataSource(), Duration.ofMinutes(2), 10_000, 1, 2)) {
            paired.runOnce(FAR_AHEAD);
            assertThat(store.rollupRows(Tier.TEN_MINUTES)).as("2 buckets of cpu's 2 types").hasSize(2 * 2).allMatch(row -> row.payload() != null);
            // a second pod's late snapshot in the first ten minutes: there the group has two members now
            store.write(Store.upload("late", Captures.split("cpu-2.pb.gz", Captures.labels("service_name", "api", "pod", "api-2", "version", "v7"),
                    Captures.nanos(START.plus(Duration.ofMinutes(5)).plusSeconds(3)))));
            paired.runOnce(FAR_AHEAD);
        }

        assertThat(store.rollupRows(Tier.TEN_MINUTES, true)).extracting(RollupRow::bucket).containsOnly(START).hasSize(2);
        assertThat(store.rollupRows(Tier.TEN_MINUTES)).as("both pods' buckets of the first ten minutes lose their stacks")
                .filteredOn(row -> row.payload() == null).extracting(RollupRow::bucket).containsOnly(START).hasSize(2 * 2);
        List<RawRow> raw = store.rawRows();
        assertThat(Aggregate.stored(store.rollupRows(Tier.HOUR))).isEqualTo(Aggregate.byBucket(Tier.HOUR, raw));
        long from = START.getEpochSecond() * 1_000_000L;
        long to = from + Duration.ofMinutes(20).toNanos() / 1000;
        assertThat(assertSeriesReadEqualsRaw(from, to).plan()).extracting(Piece::tier).containsOnly(Tier.TEN_MINUTES);
        assertGroupReadEqualsRaw(from, to);
    }

    @Test
    void aGroupReadFindsPendingRowsOutsideTheGroupsSpan() throws Exception {
        LabelSet pod = Captures.labels("service_name", "api", "pod", "api-1", "version", "v7");
        Timeline.write(store, pod, KINDS, START, Duration.ofSeconds(10), 180);
        job.runOnce(FAR_AHEAD);
        assertThat(store.query("SELECT DISTINCT last_seen::text FROM series_group", rows -> rows.getString(1)))
                .containsExactly("2026-03-01 23:00:00+00");
        // a row 40 minutes past the span, not rolled up yet: its minute is pending, so the span cannot rule it out
        store.write(Store.upload("later", Captures.split("cpu-6.pb.gz", pod, Captures.nanos(START.plus(Duration.ofMinutes(70)).plusSeconds(5)))));

        long from = START.getEpochSecond() * 1_000_000L + 70_000_000L;
        long to = from + Duration.ofMinutes(80).toNanos() / 1000;
        assertGroupReadEqualsRaw(from, to);
        job.runOnce(FAR_AHEAD);
        assertGroupReadEqualsRaw(from, to);
    }

    @Test
    void tenSecondGroupBucketsListTheSnapshotsTheyMergedAndEdgesReadThoseSeriesOnly() throws Exception {
        // v7: six pods every 10 s, 1.5 s apart, for 30 minutes (six snapshots per ten-second bucket); v8: two pods (two),
        // which stand for too few rows to store their stacks (3) but enough (1) to store their list
        for (int pod = 0; pod < 6; pod++) {
            Timeline.write(store, Captures.labels("service_name", "api", "pod", "api-" + pod, "version", "v7"), List.of("goroutine"),
                    START.plusMillis(1_500L * pod), Duration.ofSeconds(10), 180);
        }
        for (int pod = 0; pod < 2; pod++) {
            Timeline.write(store, Captures.labels("service_name", "api", "pod", "api-" + pod, "version", "v8"), List.of("goroutine"),
                    START.plusMillis(1_500L * pod), Duration.ofSeconds(10), 180);
        }
        try (RollupJob tenSecondsFromThree = new RollupJob(store.dataSource(), Duration.ofMinutes(2), 10_000, 1, 1, 3)) {
            tenSecondsFromThree.runOnce(FAR_AHEAD);
        }
        Map<Long, Long> groupOf = store.groupOfSeries();
        long v7 = groupOf.get(store.count("SELECT id FROM series WHERE labels->>'version' = 'v7' AND labels->>'pod' = 'api-0'"));

        // every bucket lists its raw rows as (series, µs after the bucket's start), by offset then series
        Map<List<Long>, List<List<Long>>> expected = new TreeMap<>(Comparator.comparing(Object::toString));
        for (RawRow row : store.rawRows()) {
            long bucket = Math.floorDiv(row.micros(), 10_000_000L) * 10_000_000L;
            expected.computeIfAbsent(List.of(groupOf.get(row.seriesId()), bucket), key -> new ArrayList<>())
                    .add(List.of(row.micros() - bucket, row.seriesId()));
        }
        expected.values().forEach(list -> list.sort(Comparator.<List<Long>>comparingLong(entry -> entry.get(0)).thenComparingLong(entry -> entry.get(1))));
        Map<List<Long>, List<List<Long>>> stored = new TreeMap<>(Comparator.comparing(Object::toString));
        store.query("SELECT group_id, (extract(epoch FROM bucket) * 1000000)::bigint, member_series, member_offsets FROM group_rollup_ten_seconds",
                rows -> {
                    Long[] series = (Long[]) rows.getArray(3).getArray();
                    Integer[] offsets = (Integer[]) rows.getArray(4).getArray();
                    List<List<Long>> list = new ArrayList<>();
                    for (int i = 0; i < series.length; i++) {
                        list.add(List.of((long) offsets[i], series[i]));
                    }
                    return stored.put(List.of(rows.getLong(1), rows.getLong(2)), list);
                });
        assertThat(expected).hasSize(2 * 180).allSatisfy((bucket, list) -> assertThat(list).hasSize(bucket.get(0) == v7 ? 6 : 2));
        assertThat(stored).isEqualTo(expected);
        assertThat(store.rollupRows(Tier.TEN_SECONDS, true)).as("v7's buckets keep their stacks, v8's only their list")
                .allMatch(row -> (row.payload() != null) == (row.seriesId() == v7));

        // windows whose edges fall on, just after, and between snapshots inside those buckets
        long snapshot = micros(START.plusSeconds(600).plusMillis(1_500L * 3)); // v7's pod api-3, and no other pod then
        long later = micros(START.plusSeconds(1_200).plusMillis(1_500L * 4));
        for (long from : new long[] {snapshot - 1, snapshot, snapshot + 1}) {
            for (long to : new long[] {later, later + 1, later + 700_000}) {
                assertGroupReadEqualsRaw(from, to);
            }
        }
        // an edge holding most of its bucket's snapshots (5 of v7's 6 from api-1 on, 4 before api-4) is read as the
        // bucket's stacks less the rest: its start and end, on a snapshot and a µs beside it
        long early = micros(START.plusSeconds(600).plusMillis(1_500L));
        for (long from : new long[] {early - 1, early, early + 1}) {
            for (long to : new long[] {later - 1, later, later + 1}) {
                assertGroupReadEqualsRaw(from, to);
            }
        }

        // a late snapshot of a new pod in the edge [snapshot, bucket end): its minute is pending, so the members are read
        // (the list lacks it), also where the edge is shorter than ten seconds, until the bucket is rolled up again
        String edgeBucket = "to_timestamp(" + Math.floorDiv(snapshot, 10_000_000L) * 10 + ")";
        Instant lateTime = START.plusSeconds(600).plusMillis(9_000);
        store.write(Store.upload("late", Captures.split("goroutine-2.pb.gz", Captures.labels("service_name", "api", "pod", "api-9",
                "version", "v7"), Captures.nanos(lateTime))));
        assertGroupReadEqualsRaw(snapshot, later);
        assertGroupReadEqualsRaw(micros(START), micros(lateTime) + 1);
        job.runOnce(FAR_AHEAD);
        assertThat(store.count("SELECT cardinality(member_series) FROM group_rollup_ten_seconds WHERE bucket = " + edgeBucket
                + " AND group_id = " + v7)).isEqualTo(7);
        assertGroupReadEqualsRaw(snapshot, later);
        groupOf = store.groupOfSeries();

        // the read takes an edge's series from its bucket's list: with every offset set to 0 it misses that edge's
        // snapshots, of pods api-3, api-4, api-5 and api-9
        store.execute("UPDATE group_rollup_ten_seconds SET member_offsets = array_fill(0, ARRAY[7]) WHERE bucket = " + edgeBucket);
        Map<Long, Long> members = groupOf;
        WindowRead misled = new WindowReader(store.dataSource()).read(1, new long[0], new HashMap<>(members), snapshot, later, Tier.DAY);
        long rawInWindow = store.rawRows().stream().filter(row -> members.get(row.seriesId()) == v7)
                .filter(row -> row.micros() >= snapshot && row.micros() < later).count();
        assertThat(misled.groups()).filteredOn(sum -> sum.seriesId() == v7).singleElement()
                .satisfies(sum -> assertThat(sum.snapshots()).isEqualTo((int) (rawInWindow - 4)));

        // a list whose length is not the bucket's snapshots (left by a release before the lists) is not used, nor none
        store.execute("UPDATE group_rollup_ten_seconds SET member_series = member_series[1:5], member_offsets = member_offsets[1:5] "
                + "WHERE bucket = " + edgeBucket);
        assertGroupReadEqualsRaw(snapshot, later);
        store.execute("UPDATE group_rollup_ten_seconds SET member_series = NULL, member_offsets = NULL WHERE bucket = " + edgeBucket);
        assertGroupReadEqualsRaw(snapshot, later);

    }

    @Test
    void aBusyMinuteStoresAllItsTenSecondBucketsEmptyOnesToo() throws Exception {
        // four pods every 60 s for 10 minutes, 2, 9, 21 and 28 s into each minute: no ten-second bucket holds the 4 rows
        // (bound 4) that would store it, yet each minute has 4 members, so all six are stored, listed alone
        int[] phases = {2, 9, 21, 28};
        for (int pod = 0; pod < phases.length; pod++) {
            Timeline.write(store, Captures.labels("service_name", "api", "pod", "api-" + pod, "version", "v9"), List.of("goroutine"),
                    START.plusSeconds(phases[pod]), Duration.ofSeconds(60), 10);
        }
        try (RollupJob boundFour = new RollupJob(store.dataSource(), Duration.ofMinutes(2), 10_000, 1, 4)) {
            boundFour.runOnce(FAR_AHEAD);
        }
        Map<Long, Long> groupOf = store.groupOfSeries();
        long[] pods = new long[phases.length];
        for (int pod = 0; pod < phases.length; pod++) {
            pods[pod] = store.count("SELECT id FROM series WHERE labels->>'pod' = 'api-" + pod + "'");
        }
        List<String> firstMinute = store.query("SELECT extract(second FROM bucket)::int || ' ' || snapshots || ' ' || member_series::text || ' '"
                + " || member_offsets::text || ' ' || (payload IS NULL) FROM group_rollup_ten_seconds WHERE bucket < "
                + "to_timestamp(" + START.plusSeconds(60).getEpochSecond() + ") ORDER BY bucket", rows -> rows.getString(1));
        assertThat(firstMinute).containsExactly(
                "0 2 {" + pods[0] + "," + pods[1] + "} {2000000,9000000} true",
                "10 0 {} {} true",
                "20 2 {" + pods[2] + "," + pods[3] + "} {1000000,8000000} true",
                "30 0 {} {} true", "40 0 {} {} true", "50 0 {} {} true");
        assertThat(store.count("SELECT count(*) FROM group_rollup_ten_seconds")).isEqualTo(10 * 6);
        assertTiersEqualRaw(4, 4 * RollupJob.TEN_SECOND_FACTOR);

        // windows with edges in empty buckets, in listed ones, on snapshots and a µs beside them
        long minute3 = micros(START.plusSeconds(180));
        for (long from : new long[] {minute3 + 12_000_000, minute3 + 2_000_000, minute3 + 2_000_001, minute3 + 1_999_999}) {
            for (long to : new long[] {minute3 + 240_000_000 + 45_000_000, minute3 + 240_000_000 + 21_000_000, minute3 + 240_000_000 + 21_000_001}) {
                assertGroupReadEqualsRaw(from, to);
            }
        }

        // an empty list is trusted: emptied by hand, the bucket's two snapshots are not read at an edge there
        store.execute("UPDATE group_rollup_ten_seconds SET snapshots = 0, member_series = '{}', member_offsets = '{}' "
                + "WHERE bucket = to_timestamp(" + (minute3 / 1_000_000) + ")");
        long from = minute3 + 1_000_000;
        long to = minute3 + 300_000_000;
        WindowRead misled = new WindowReader(store.dataSource()).read(1, new long[0], new HashMap<>(groupOf), from, to, Tier.DAY);
        long rawInWindow = store.rawRows().stream().filter(row -> row.micros() >= from && row.micros() < to).count();
        assertThat(misled.groups()).singleElement().satisfies(sum -> assertThat(sum.snapshots()).isEqualTo((int) (rawInWindow - 2)));
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** A read of every series one by one over {@code [from, to)} equals the raw merge per series; returns the read. */
    private WindowRead assertSeriesReadEqualsRaw(long from, long to) throws SQLException {
        long[] all = store.groupOfSeries().keySet().stream().mapToLong(Long::longValue).toArray();
        WindowRead read = new WindowReader(store.dataSource()).read(1, all, from, to);
        Map<Long, Aggregate> bySeries = new HashMap<>();
        read.series().forEach(sum -> bySeries.put(sum.seriesId(), Aggregate.of(sum.summed(), sum.snapshots())));
        Map<Long, Aggregate> rawMerge = new HashMap<>();
        store.rawRows().stream().filter(row -> row.micros() >= from && row.micros() < to)
                .forEach(row -> rawMerge.merge(row.seriesId(), Aggregate.of(row).withoutTotal(), Aggregate::plus));
        assertThat(bySeries).as("series read one by one equal the raw merge").isEqualTo(rawMerge);
        return read;
    }

    /** A read of every group whole over {@code [from, to)} equals the raw merge per group. */
    private void assertGroupReadEqualsRaw(long from, long to) throws SQLException {
        List<RawRow> raw = store.rawRows();
        Map<Long, Long> groupOf = store.groupOfSeries();
        WindowRead read = new WindowReader(store.dataSource()).read(1, new long[0], new HashMap<>(groupOf), from, to, Tier.DAY);
        Map<Long, Aggregate> merged = new HashMap<>();
        read.groups().forEach(sum -> merged.put(sum.seriesId(), Aggregate.of(sum.summed(), sum.snapshots())));
        Map<Long, Aggregate> rawMerge = new HashMap<>();
        raw.stream().filter(row -> row.micros() >= from && row.micros() < to)
                .forEach(row -> rawMerge.merge(groupOf.get(row.seriesId()), Aggregate.of(row).withoutTotal(), Aggregate::plus));
        assertThat(merged).as("group reads equal the raw merge").isEqualTo(rawMerge);
    }

    private void assertTiersEqualRaw() throws SQLException {
        assertTiersEqualRaw(1, 1);
    }

    /** Every tier equals the raw merge, its group buckets those a job with these bounds stores. */
    private void assertTiersEqualRaw(int groupMinRows, int tenSecondMinRows) throws SQLException {
        List<RawRow> raw = store.rawRows();
        Map<Long, Long> groupOf = store.groupOfSeries();
        for (Tier tier : Tier.values()) {
            if (tier.seriesTable() != null) {
                Map<Bucket, Aggregate> stored = Aggregate.stored(store.rollupRows(tier));
                assertThat(stored).as("%s rollups", tier).isEqualTo(Aggregate.byBucket(tier, raw));
            }
            assertThat(Aggregate.stored(store.rollupRows(tier, true))).as("%s group rollups", tier)
                    .isEqualTo(Aggregate.storedGroupBuckets(tier, raw, groupOf, groupMinRows, tenSecondMinRows));
        }
    }

    private long seriesId(String type) throws SQLException {
        return store.count("SELECT id FROM series WHERE profile_type = ?", type);
    }
}

package dev.pyrometer.storage.rollup;

import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.query.SeriesSums;
import dev.pyrometer.storage.query.WindowRead;
import dev.pyrometer.storage.query.WindowReader;
import dev.pyrometer.storage.testing.Aggregate;
import dev.pyrometer.storage.testing.Aggregate.Bucket;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.Store.RawRow;
import dev.pyrometer.storage.write.Upload;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.LongUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random uploads (fixed seed) of several pods land anywhere in two days, many of them into buckets
 * rolled up in an earlier iteration. After each job run, every bucket of every tier, per series and
 * per group, equals the plain merge of its raw rows (a group bucket is stored where it stands for at
 * least two rows, and only there; a series' ten-minute bucket keeps only its count and total where
 * {@link SeriesBuckets} says so); and {@link WindowReader} over random windows
 * (µs-unaligned ones included) answers, series by series and group by group, exactly the plain
 * merge of the raw rows in the window.
 */
class RollupRandomizedTest {
    private static final long SEED = 20_261_125L;
    private static final int ITERATIONS = 20;
    private static final int WINDOWS_PER_ITERATION = 10;
    private static final Instant DAY0 = Instant.parse("2026-04-10T00:00:00Z");
    private static final long DAY0_MICROS = DAY0.getEpochSecond() * 1_000_000L;
    private static final int MINUTES = 2 * 24 * 60;
    private static final List<String> TENANTS = List.of("acme", "globex");
    private static final List<String> SERVICES = List.of("api", "web");
    private static final List<String> PODS = List.of("a", "b", "c");
    /** Group buckets standing for fewer rows are not stored, so both kinds of group reads are exercised. */
    private static final int GROUP_MIN_ROWS = 2;
    /** Every ten-second bucket is stored here; a read's fallback for missing ones is the minute's (raw rows). */
    private static final int TEN_SECOND_MIN_ROWS = 1;

    @Test
    void tiersAndWindowReadsEqualTheRawMerge() throws Exception {
        Random random = new Random(SEED);
        List<String> captures = Fixtures.allCaptures();
        try (Store store = Store.create()) {
            RollupJob job = new RollupJob(store.dataSource(), Duration.ofMinutes(1), 100_000, 2, GROUP_MIN_ROWS, TEN_SECOND_MIN_ROWS);
            WindowReader reader = new WindowReader(store.dataSource());
            int uploadNumber = 0;
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                List<Upload> batch = new ArrayList<>();
                Instant previous = DAY0;
                for (int n = 5 + random.nextInt(20); n > 0; n--) {
                    // a quarter of the uploads land exactly on a minute boundary, and a quarter in the previous one's
                    // minute, so that groups have minutes with several members (busy ones: see RollupJob)
                    int kind = random.nextInt(4);
                    Instant time = kind == 0 ? DAY0.plusSeconds(60L * random.nextInt(MINUTES))
                            : kind == 1 ? Instant.ofEpochSecond(Math.floorDiv(previous.getEpochSecond(), 60) * 60 + random.nextInt(60))
                            : DAY0.plusSeconds(random.nextInt(MINUTES * 60)).plusNanos(random.nextInt(1_000_000_000));
                    previous = time;
                    String capture = captures.get(random.nextInt(captures.size()));
                    var labels = Captures.labels("service_name", SERVICES.get(random.nextInt(SERVICES.size())),
                            "pod", PODS.get(random.nextInt(PODS.size())), "version", "v" + random.nextInt(2));
                    batch.add(new Upload(TENANTS.get(random.nextInt(TENANTS.size())), "u" + uploadNumber++,
                            Captures.split(capture, labels, Captures.nanos(time))));
                }
                store.writer().write(batch);

                assertThat(job.runOnce(DAY0.plus(Duration.ofDays(3)))).isPositive();

                assertThat(store.pending()).isEmpty();
                assertThat(store.count("SELECT count(*) FROM group_rollup_ten_seconds WHERE cardinality(member_series) IS DISTINCT FROM snapshots"))
                        .as("iteration %d: every ten-second group bucket lists its snapshots", iteration).isZero();
                List<RawRow> raw = store.rawRows();
                Map<Long, Long> groupOf = store.groupOfSeries();
                Map<Long, Boolean> summed = new HashMap<>();
                store.query("SELECT id, profile_type FROM series", rows -> summed.put(rows.getLong(1),
                        ProfileType.parse(rows.getString(2)).aggregation() == Aggregation.SUM));
                for (Tier tier : Tier.values()) {
                    if (tier.seriesTable() != null) {
                        assertThat(Aggregate.stored(store.rollupRows(tier))).as("iteration %d, %s per series", iteration, tier)
                                .isEqualTo(seriesBuckets(tier, raw, groupOf, summed));
                    }
                    assertThat(Aggregate.stored(store.rollupRows(tier, true))).as("iteration %d, %s per group", iteration, tier)
                            .isEqualTo(Aggregate.storedGroupBuckets(tier, raw, groupOf, GROUP_MIN_ROWS, TEN_SECOND_MIN_ROWS));
                }
                for (int w = 0; w <= WINDOWS_PER_ITERATION; w++) {
                    long from = w == 0 ? DAY0_MICROS : DAY0_MICROS + (long) (random.nextDouble() * MINUTES * 60_000_000L);
                    long to = w == 0 ? DAY0_MICROS + MINUTES * 60_000_000L : from + 1 + (long) (random.nextDouble() * (DAY0_MICROS
                            + MINUTES * 60_000_000L - from));
                    if (w % 3 == 1) { // minute-aligned windows too
                        from = Math.floorDiv(from, 60_000_000L) * 60_000_000L;
                        to = Math.max(from + 60_000_000L, Math.floorDiv(to, 60_000_000L) * 60_000_000L);
                    } else if (w % 3 == 2) { // and windows whose edges fall on snapshots or a µs beside them (EdgeLists)
                        long a = raw.get(random.nextInt(raw.size())).micros() - 1 + random.nextInt(3);
                        long b = raw.get(random.nextInt(raw.size())).micros() - 1 + random.nextInt(3);
                        from = Math.min(a, b);
                        to = Math.max(a, b) + 1;
                    }
                    assertWindowEqualsRaw(reader, store, raw, groupOf, from, to, "iteration " + iteration + ", window " + w);
                }
            }
            assertThat(store.count("SELECT count(*) FROM " + RawRows.all() + " AS p")).isGreaterThan(ITERATIONS * 5L);
            assertThat(store.rollupRows(Tier.TEN_MINUTES)).as("both kinds of ten-minute buckets are read")
                    .anyMatch(row -> row.payload() == null).anyMatch(row -> row.payload() != null);
            assertThat(store.count("SELECT count(*) FROM series_group")).as("pods share groups").isLessThan(store.count("SELECT count(*) FROM series"));
            assertThat(store.rollupRows(Tier.TEN_SECONDS, true)).as("busy minutes store their empty ten-second buckets")
                    .anyMatch(row -> row.snapshots() == 0);
        }
    }

    /**
     * The per-series buckets of {@code tier} as the rollup job stores them: the raw merge, without the stacks for a ten-minute
     * bucket of a summed type whose group's bucket is stored and that stands for fewer than
     * {@link SeriesBuckets#STACKS_FROM_SNAPSHOTS} snapshots.
     */
    private static Map<Bucket, Aggregate> seriesBuckets(Tier tier, List<RawRow> raw, Map<Long, Long> groupOf, Map<Long, Boolean> summed) {
        Map<Bucket, Aggregate> buckets = Aggregate.byBucket(tier, raw);
        if (tier == Tier.TEN_MINUTES) {
            Set<Bucket> groupBuckets = Aggregate.storedGroupBuckets(tier, raw, groupOf, GROUP_MIN_ROWS, TEN_SECOND_MIN_ROWS).keySet();
            buckets.replaceAll((bucket, merged) -> summed.get(bucket.seriesId())
                    && groupBuckets.contains(new Bucket(groupOf.get(bucket.seriesId()), bucket.start()))
                    && merged.snapshots() < SeriesBuckets.STACKS_FROM_SNAPSHOTS ? merged.withoutStacks() : merged);
        }
        return buckets;
    }

    /** For each tenant: all its series one by one, then all its groups whole, each equal to the raw merge. */
    private static void assertWindowEqualsRaw(WindowReader reader, Store store, List<RawRow> raw, Map<Long, Long> groupOf, long from, long to,
                                              String what) throws Exception {
        for (String tenant : TENANTS) {
            List<Long> tenantIds = store.query("SELECT id FROM tenant WHERE name = ?", rows -> rows.getInt(1), tenant).stream()
                    .map(Integer::longValue).toList();
            if (tenantIds.isEmpty()) {
                continue;
            }
            int tenantId = tenantIds.get(0).intValue();
            List<Long> series = store.query("SELECT id FROM series WHERE tenant_id = ? ORDER BY id", rows -> rows.getLong(1), tenantId);
            long[] ids = series.stream().mapToLong(Long::longValue).toArray();
            Map<Long, Long> members = new HashMap<>();
            series.forEach(id -> members.put(id, groupOf.get(id)));

            WindowRead bySeries = reader.read(tenantId, ids, from, to, Tier.DAY);
            assertThat(aggregates(bySeries.series())).as("%s, %s, per series", what, tenant)
                    .isEqualTo(rawMerge(raw, series, from, to, LongUnaryOperator.identity()));
            WindowRead byGroup = reader.read(tenantId, new long[0], members, from, to, Tier.DAY);
            assertThat(aggregates(byGroup.groups())).as("%s, %s, per group", what, tenant)
                    .isEqualTo(rawMerge(raw, series, from, to, groupOf::get));
        }
    }

    private static Map<Long, Aggregate> aggregates(List<SeriesSums> sums) {
        Map<Long, Aggregate> result = new HashMap<>();
        for (SeriesSums sum : sums) {
            result.put(sum.seriesId(), Aggregate.of(sum.summed(), sum.snapshots()));
        }
        return result;
    }

    private static Map<Long, Aggregate> rawMerge(List<RawRow> raw, List<Long> series, long from, long to, LongUnaryOperator keyOf) {
        Map<Long, Aggregate> result = new HashMap<>();
        for (RawRow row : raw) {
            if (row.micros() >= from && row.micros() < to && series.contains(row.seriesId())) {
                result.merge(keyOf.applyAsLong(row.seriesId()), Aggregate.of(row).withoutTotal(), Aggregate::plus);
            }
        }
        return result;
    }
}

package dev.pyrometer.storage.rollup;

import dev.pyrometer.profile.testing.Fixtures;
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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random uploads (fixed seed) land anywhere in two days, many of them into buckets rolled up in an
 * earlier iteration; after each job run, any minute-aligned window read greedily from the rollup
 * tiers equals the plain merge of the raw rows in that window, series by series.
 */
class RollupRandomizedTest {
    private static final long SEED = 20_261_125L;
    private static final int ITERATIONS = 20;
    private static final int WINDOWS_PER_ITERATION = 10;
    private static final Instant DAY0 = Instant.parse("2026-04-10T00:00:00Z");
    private static final int MINUTES = 2 * 24 * 60;
    private static final List<String> TENANTS = List.of("acme", "globex");
    private static final List<String> SERVICES = List.of("api", "web");

    @Test
    void windowsReadFromRollupsEqualTheRawMerge() throws Exception {
        Random random = new Random(SEED);
        List<String> captures = Fixtures.allCaptures();
        try (Store store = Store.create()) {
            RollupJob job = new RollupJob(store.dataSource(), Duration.ofMinutes(1), 100_000);
            int uploadNumber = 0;
            for (int iteration = 0; iteration < ITERATIONS; iteration++) {
                List<Upload> batch = new ArrayList<>();
                for (int n = 5 + random.nextInt(20); n > 0; n--) {
                    // a quarter of the uploads land exactly on a minute boundary
                    Instant time = random.nextInt(4) == 0 ? DAY0.plusSeconds(60L * random.nextInt(MINUTES))
                            : DAY0.plusSeconds(random.nextInt(MINUTES * 60)).plusNanos(random.nextInt(1_000_000_000));
                    String capture = captures.get(random.nextInt(captures.size()));
                    String service = SERVICES.get(random.nextInt(SERVICES.size()));
                    batch.add(new Upload(TENANTS.get(random.nextInt(TENANTS.size())), "u" + uploadNumber++,
                            Captures.split(capture, service, time)));
                }
                store.writer().write(batch);

                assertThat(job.runOnce(DAY0.plus(Duration.ofDays(3)))).isPositive();

                assertThat(store.pending()).isEmpty();
                List<RawRow> raw = store.rawRows();
                Map<Tier, Map<Bucket, Aggregate>> tiers = new EnumMap<>(Tier.class);
                for (Tier tier : Tier.values()) {
                    tiers.put(tier, Aggregate.stored(store.rollupRows(tier)));
                    assertThat(tiers.get(tier)).as("iteration %d, %s", iteration, tier).isEqualTo(Aggregate.byBucket(tier, raw));
                }
                for (int w = 0; w <= WINDOWS_PER_ITERATION; w++) {
                    int fromMinute = w == 0 ? 0 : random.nextInt(MINUTES);
                    int toMinute = w == 0 ? MINUTES : fromMinute + 1 + random.nextInt(MINUTES - fromMinute);
                    Instant from = DAY0.plus(Duration.ofMinutes(fromMinute));
                    Instant to = DAY0.plus(Duration.ofMinutes(toMinute));
                    assertThat(fromRollups(tiers, from, to)).as("iteration %d, window [%s, %s)", iteration, from, to)
                            .isEqualTo(fromRaw(raw, from, to));
                }
            }
            assertThat(store.count("SELECT count(*) FROM profile")).isGreaterThan(ITERATIONS * 5L);
        }
    }

    private static Map<Long, Aggregate> fromRollups(Map<Tier, Map<Bucket, Aggregate>> tiers, Instant from, Instant to) {
        Map<Long, Aggregate> bySeries = new HashMap<>();
        for (WindowPlan.Step step : WindowPlan.cover(from, to)) {
            tiers.get(step.tier()).forEach((bucket, aggregate) -> {
                if (bucket.start().equals(step.start())) {
                    bySeries.merge(bucket.seriesId(), aggregate, Aggregate::plus);
                }
            });
        }
        return bySeries;
    }

    private static Map<Long, Aggregate> fromRaw(List<RawRow> raw, Instant from, Instant to) {
        long fromMicros = from.getEpochSecond() * 1_000_000L;
        long toMicros = to.getEpochSecond() * 1_000_000L;
        Map<Long, Aggregate> bySeries = new HashMap<>();
        for (RawRow row : raw) {
            if (row.micros() >= fromMicros && row.micros() < toMicros) {
                bySeries.merge(row.seriesId(), Aggregate.of(row), Aggregate::plus);
            }
        }
        return bySeries;
    }
}

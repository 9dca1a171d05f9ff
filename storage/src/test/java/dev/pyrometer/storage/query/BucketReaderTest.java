package dev.pyrometer.storage.query;

import dev.pyrometer.profile.buckets.SeriesBucket;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.write.Upload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Buckets read over the rollup tiers hold exactly the snapshots of their step, and together exactly
 * what the window merge holds, whether the minutes are rolled up, pending (late rows) or raw.
 */
class BucketReaderTest {
    private static final Instant T0 = Instant.parse("2026-06-03T10:00:00Z");
    private static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";

    private Store store;

    @BeforeEach
    void open() {
        store = Store.create();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void bucketsPartitionTheWindowExactly() throws Exception {
        List<Upload> onTime = new ArrayList<>();
        // cpu every 40 s for 20 minutes, captures cpu-1..cpu-6 in turn
        for (int i = 0; i < 30; i++) {
            onTime.add(new Upload(Store.TENANT, "u" + i, Captures.split("cpu-" + (i % 6 + 1) + ".pb.gz", "api", T0.plusSeconds(40L * i))));
        }
        store.writer().write(onTime);
        new RollupJob(store.dataSource(), Duration.ZERO, 100_000).runOnce(T0.plus(Duration.ofDays(2)));
        // a late row into a rolled-up minute: that minute is read raw
        store.writer().write(List.of(new Upload(Store.TENANT, "late", Captures.split("cpu-3.pb.gz", "api", T0.plusSeconds(125)))));

        SeriesCatalog catalog = new SeriesCatalog(store.dataSource());
        int tenant = catalog.tenantId(Store.TENANT).orElseThrow();
        List<SeriesInfo> series = catalog.series(tenant, CPU, "api");
        StackSymbols symbols = new StackSymbols(store.dataSource(), 10_000);
        long from = micros(T0.plusSeconds(30));
        long to = micros(T0.plusSeconds(17 * 60 + 10));

        Map<Long, List<SeriesBucket>> fiveMinutes = new BucketReader(store.dataSource(), symbols).read(tenant, series, from, to, 300_000_000L);
        List<SeriesBucket> buckets = fiveMinutes.get(series.get(0).id());
        assertThat(buckets).extracting(SeriesBucket::startMillis).containsExactly(
                millis(T0), millis(T0.plusSeconds(300)), millis(T0.plusSeconds(600)), millis(T0.plusSeconds(900)));
        // snapshots at 40 s·i in [30 s, 17 min 10 s): i = 1..25, plus the late one at 125 s
        assertThat(buckets).extracting(SeriesBucket::snapshots).containsExactly(7 + 1, 7, 8, 3);
        assertThat(buckets).extracting(SeriesBucket::seconds).containsExactly(270.0, 300.0, 300.0, 130.0);

        WindowRead window = new WindowReader(store.dataSource()).read(tenant, series.stream().mapToLong(SeriesInfo::id).toArray(), from, to);
        List<SeriesProfile> merged = symbols.profiles(tenant, window.series(), Map.of(series.get(0).id(), series.get(0)), 0, 0);
        assertThat(FunctionTotals.of(buckets.stream().map(SeriesBucket::profile).toList()))
                .isEqualTo(FunctionTotals.of(merged));

        Map<Long, List<SeriesBucket>> minutes = new BucketReader(store.dataSource(), symbols).read(tenant, series, from, to, 60_000_000L);
        assertThat(minutes.get(series.get(0).id()).stream().mapToInt(SeriesBucket::snapshots).sum()).isEqualTo(26);
        assertThat(FunctionTotals.of(minutes.get(series.get(0).id()).stream().map(SeriesBucket::profile).toList()))
                .isEqualTo(FunctionTotals.of(merged));
    }

    /** A read that would hold more distinct values than its bound is refused, naming the remedy. */
    @Test
    void refusesAReadOverItsEntryBound() throws Exception {
        store.writer().write(List.of(new Upload(Store.TENANT, "bound-0", Captures.split("cpu-1.pb.gz", "bounded", T0)),
                new Upload(Store.TENANT, "bound-1", Captures.split("cpu-2.pb.gz", "bounded", T0.plusSeconds(60)))));
        SeriesCatalog catalog = new SeriesCatalog(store.dataSource());
        int tenant = catalog.tenantId(Store.TENANT).orElseThrow();
        List<SeriesInfo> series = catalog.series(tenant, CPU, "bounded");
        StackSymbols symbols = new StackSymbols(store.dataSource(), 10_000);
        long from = micros(T0);
        long to = micros(T0.plusSeconds(120));
        int needed = new BucketReader(store.dataSource(), symbols).read(tenant, series, from, to, 60_000_000L)
                .get(series.get(0).id()).stream().mapToInt(bucket -> bucket.profile().stackCount()).sum();

        assertThat(new BucketReader(store.dataSource(), symbols, needed).read(tenant, series, from, to, 60_000_000L)).isNotEmpty();
        assertThatThrownBy(() -> new BucketReader(store.dataSource(), symbols, needed - 1).read(tenant, series, from, to, 60_000_000L))
                .isInstanceOf(BucketReader.TooMuchDataException.class)
                .hasMessage("the window holds more than " + (needed - 1) + " distinct (series, bucket, stack) values; narrow the "
                        + "selector, shorten the window or choose a larger step");
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static long millis(Instant t) {
        return t.toEpochMilli();
    }
}

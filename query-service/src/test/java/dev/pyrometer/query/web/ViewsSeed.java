package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.testing.SyntheticCpu;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.TestDatabase;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data for the services overview and the tag explorer, tenant {@value #TENANT}, one 10 s profile per pod per
 * minute over the hour before "now" (raw rows, no rollup):
 *
 * <ul>
 *   <li>{@value #BIG}: three pods of 600 CPU samples per snapshot ({@link SyntheticCpu}, fixed seeds), label
 *       {@code version}: pod 0 runs {@value #V1}, pod 1 {@value #V1} in the first half hour and {@value #V2} in the
 *       second, pod 2 a version named {@value DashboardSeed#XSS_FUNCTION}; pod 0 also has heap and goroutine
 *       profiles (the real Go captures);</li>
 *   <li>{@value #MIDDLE}: two pods of 300 samples, with goroutine profiles;</li>
 *   <li>{@value #SMALL}: one pod of 100 samples whose heaviest function is named {@value DashboardSeed#XSS_FUNCTION};</li>
 *   <li>{@value #NO_CPU}: goroutine profiles only.</li>
 * </ul>
 * So by CPU the services rank {@value #BIG}, {@value #MIDDLE}, {@value #SMALL}, then {@value #NO_CPU}.
 */
final class ViewsSeed {
    static final String TENANT = "views";
    static final String BIG = "checkout";
    static final String MIDDLE = "search";
    static final String SMALL = "billing";
    static final String NO_CPU = "queue";
    static final String V1 = "v1.4.0";
    static final String V2 = "v1.5.0";
    static final Duration SPAN = Duration.ofHours(1);

    private ViewsSeed() {
    }

    /** A new database holding the data, profiles dated before {@code now}. */
    static HikariDataSource create(Instant now) {
        HikariDataSource dataSource = TestDatabase.create();
        try {
            write(new Store(dataSource), now);
            return dataSource;
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("cannot seed the views test database", e);
        }
    }

    private static void write(Store store, Instant now) throws SQLException {
        List<String> xssFirst = new ArrayList<>(SyntheticCpu.defaultNames(12));
        xssFirst.set(0, DashboardSeed.XSS_FUNCTION);
        SyntheticCpu big = new SyntheticCpu(12, 600);
        SyntheticCpu middle = new SyntheticCpu(12, 300);
        SyntheticCpu small = new SyntheticCpu(xssFirst, 100);
        List<Upload> uploads = new ArrayList<>();
        Random random = new Random(13);
        Instant start = now.minus(SPAN);
        int minutes = (int) SPAN.toMinutes();
        for (int minute = 0; minute < minutes; minute++) {
            Instant at = start.plusSeconds(60L * minute + 20);
            long nanos = Captures.nanos(at);
            int round = minute % Fixtures.ROUNDS + 1;
            for (int pod = 0; pod < 3; pod++) {
                String version = pod == 0 ? V1 : pod == 1 ? (minute < minutes / 2 ? V1 : V2) : DashboardSeed.XSS_FUNCTION;
                LabelSet labels = Captures.labels("service_name", BIG, "pod", BIG + "-" + pod, "version", version);
                uploads.add(upload(BIG, pod, at, List.of(big.snapshot(random, labels, nanos, 10_000_000_000L, 1.0, null, 1.0))));
                if (pod == 0) {
                    uploads.add(upload(BIG + "-heap", pod, at, Captures.split("heap-" + round + ".pb.gz", labels, nanos)));
                    uploads.add(upload(BIG + "-goroutine", pod, at, Captures.split("goroutine-" + round + ".pb.gz", labels, nanos)));
                }
            }
            for (int pod = 0; pod < 2; pod++) {
                LabelSet labels = Captures.labels("service_name", MIDDLE, "pod", MIDDLE + "-" + pod, "version", V1);
                uploads.add(upload(MIDDLE, pod, at, List.of(middle.snapshot(random, labels, nanos, 10_000_000_000L, 1.0, null, 1.0))));
                uploads.add(upload(MIDDLE + "-goroutine", pod, at, Captures.split("goroutine-" + round + ".pb.gz", labels, nanos)));
            }
            LabelSet smallLabels = Captures.labels("service_name", SMALL, "pod", SMALL + "-0");
            uploads.add(upload(SMALL, 0, at, List.of(small.snapshot(random, smallLabels, nanos, 10_000_000_000L, 1.0, null, 1.0))));
            LabelSet queueLabels = Captures.labels("service_name", NO_CPU, "pod", NO_CPU + "-0");
            uploads.add(upload(NO_CPU, 0, at, Captures.split("goroutine-" + round + ".pb.gz", queueLabels, nanos)));
        }
        for (int from = 0; from < uploads.size(); from += 200) {
            assertThat(store.writer().write(uploads.subList(from, Math.min(uploads.size(), from + 200)))).containsOnly(WriteOutcome.STORED);
        }
    }

    private static Upload upload(String what, int pod, Instant at, List<dev.pyrometer.profile.model.SeriesProfile> series) {
        return new Upload(TENANT, what + "-" + pod + "-" + at, series);
    }
}

package dev.pyrometer.query.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.TestDatabase;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one database every query-service test reads, seeded once per JVM through the project's own writer from
 * the real Go captures, at fixed times, then rolled up; a few rows are stored after the rollup run so that
 * their buckets stay marked pending (late data). Test classes read disjoint services (or tenants), so none
 * depends on another's data.
 *
 * <p>The golden window {@link #GOLDEN_FROM} to {@link #GOLDEN_TO} spans three UTC days, with an unaligned start
 * and end. Each golden service holds one series per sample type; round k of a kind is stored at
 * {@link #slot(int) slot k}:
 * <ol>
 *   <li>before the window;</li>
 *   <li>in the raw edge at the window's start;</li>
 *   <li>inside an hour bucket of day 0;</li>
 *   <li>inside day 1, read from its day bucket;</li>
 *   <li>on day 2, stored after the rollup run: its minute, hour and day are pending;</li>
 *   <li>exactly at the window's end, so outside the half-open window.</li>
 * </ol>
 * So the window holds rounds 2..5 of cpu and heap; goroutine round 5 sits at slot 6 (outside), so the window
 * holds goroutine rounds 2..4. The cumulative endpoints (allocs, mutex, block) are stored as the agent stores
 * them, as deltas: delta k (round k+1 minus round k, per stack) at slot k, so the window holds deltas 2..5,
 * which add up to round 6 minus round 2. golden/regenerate.sh makes the matching {@code go tool pprof} files.
 */
public final class QueryFixture {
    public static final Instant DAY0 = Instant.parse("2026-09-07T00:00:00Z");
    public static final Instant GOLDEN_FROM = DAY0.plusSeconds(20);
    public static final Instant GOLDEN_TO = day(2).plus(Duration.ofHours(1)).plusSeconds(30);
    /** After every stored time: the rollup job's "now". */
    public static final Instant FAR_AHEAD = DAY0.plus(Duration.ofDays(60));

    /** The semantics window: one hour, pods a (2 heap snapshots) and b (3). */
    public static final Instant SEMANTICS_FROM = day(3).plus(Duration.ofHours(10));
    public static final Instant SEMANTICS_TO = SEMANTICS_FROM.plus(Duration.ofHours(1));
    /** The timeline: pod p1 every 10 s from 09:55 to 10:14:50, pod p2 every 20 s from 10:00 to 10:09:40, on day 4. */
    public static final Instant TIMELINE_P1_START = day(4).plus(Duration.ofHours(9)).plus(Duration.ofMinutes(55));
    public static final int TIMELINE_P1_TICKS = 120;
    public static final Instant TIMELINE_P2_START = day(4).plus(Duration.ofHours(10));
    public static final int TIMELINE_P2_TICKS = 30;
    /** Stored after the rollup run, into a rolled-up minute of the timeline. */
    public static final Instant TIMELINE_LATE = day(4).plus(Duration.ofHours(10)).plusSeconds(185);
    /** Catalog data of tenant acme, on day 5 (and one old series on day 2). */
    public static final Instant CATALOG_AT = day(5).plus(Duration.ofHours(12));
    /** Three goroutine snapshots of service "metrics" within one minute of day 6. */
    public static final Instant METRICS_AT = day(6).plusSeconds(10);
    /** Tenant of 1,000 cpu series of service "pods", one snapshot each on day 7, whose pods are {@link #longPod}. */
    public static final Instant TIMELINE_SEED_AT = day(8);

    public static final String MANY_PODS_TENANT = "many-pods";
    public static final Instant MANY_PODS_AT = day(7);
    public static final int MANY_PODS = 1000;

    public static final String CPU = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
    public static final String ALLOC_SPACE = "memory:alloc_space:bytes:space:bytes";
    public static final String INUSE_SPACE = "memory:inuse_space:bytes:space:bytes";
    public static final String GOROUTINE = "goroutine:goroutine:count:goroutine:count";
    public static final String MUTEX_DELAY = "mutex:delay:nanoseconds:contentions:count";
    public static final String BLOCK_CONTENTIONS = "block:contentions:count:contentions:count";

    private static final Logger log = LoggerFactory.getLogger(QueryFixture.class);
    private static HikariDataSource database;

    private QueryFixture() {
    }

    /** Pod {@code i} of tenant {@link #MANY_PODS_TENANT}: "api-0042-" padded with 'a' to 120 characters, no 'x' in it. */
    public static String longPod(int i) {
        String prefix = String.format("api-%04d-", i);
        return prefix + "a".repeat(120 - prefix.length());
    }

    public static Instant day(int n) {
        return DAY0.plus(Duration.ofDays(n));
    }

    /** Where round (or delta) k of a golden kind is stored; see the class comment. */
    public static Instant slot(int k) {
        return switch (k) {
            case 1 -> DAY0.plusSeconds(10);
            case 2 -> DAY0.plusMillis(40_500);
            case 3 -> DAY0.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(17)).plusSeconds(3);
            case 4 -> day(1).plus(Duration.ofHours(11));
            case 5 -> day(2).plus(Duration.ofMinutes(30)).plusMillis(7_250);
            case 6 -> GOLDEN_TO;
            default -> throw new IllegalArgumentException("no slot " + k);
        };
    }

    /** The seeded database, created and filled on first use. */
    public static synchronized HikariDataSource database() {
        if (database == null) {
            long start = System.nanoTime();
            HikariDataSource dataSource = TestDatabase.create();
            long created = System.nanoTime();
            try {
                seed(new Store(dataSource));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot seed the query test database", e);
            }
            log.info("Query test database ready: created and migrated in {} ms, seeded and rolled up in {} ms",
                    (created - start) / 1_000_000, (System.nanoTime() - created) / 1_000_000);
            database = dataSource;
        }
        return database;
    }

    private static void seed(Store store) throws SQLException {
        List<Upload> onTime = new ArrayList<>();
        List<Upload> late = new ArrayList<>();

        for (int k = 1; k <= 6; k++) {
            (k == 5 ? late : onTime).add(upload("golden-cpu-" + k, capture("cpu-" + k, "golden-cpu", slot(k), all())));
            (k == 5 ? late : onTime).add(upload("golden-heap-" + k, capture("heap-" + k, "golden-heap", slot(k), inuse())));
        }
        for (int k = 1; k <= 6; k++) {
            Instant at = k <= 4 ? slot(k) : k == 5 ? slot(6) : slot(6).plus(Duration.ofHours(1));
            onTime.add(upload("golden-goroutine-" + k, capture("goroutine-" + k, "golden-goroutine", at, all())));
        }
        for (String kind : List.of("allocs", "mutex", "block")) {
            for (int k = 1; k <= 5; k++) {
                List<SeriesProfile> older = capture(kind + "-" + k, "golden-" + kind, slot(k), cumulative());
                List<SeriesProfile> newer = capture(kind + "-" + (k + 1), "golden-" + kind, slot(k), cumulative());
                (k == 5 ? late : onTime).add(upload("golden-" + kind + "-delta-" + k, deltas(older, newer, slot(k))));
            }
        }

        // window semantics: pod a holds 2 heap snapshots and 1 cpu, pod b 3 heap snapshots and 1 cpu
        LabelSet podA = Captures.labels("service_name", "semantics", "pod", "a");
        LabelSet podB = Captures.labels("service_name", "semantics", "pod", "b");
        onTime.add(upload("semantics-a-heap-1", capture("heap-1", podA, SEMANTICS_FROM.plusSeconds(300), inuse())));
        onTime.add(upload("semantics-a-heap-2", capture("heap-2", podA, SEMANTICS_FROM.plusSeconds(2_100), inuse())));
        onTime.add(upload("semantics-a-heap-6", capture("heap-6", podA, SEMANTICS_TO, inuse())));
        onTime.add(upload("semantics-b-heap-3", capture("heap-3", podB, SEMANTICS_FROM.plusSeconds(600), inuse())));
        onTime.add(upload("semantics-b-heap-4", capture("heap-4", podB, SEMANTICS_FROM.plusSeconds(1_200), inuse())));
        onTime.add(upload("semantics-b-heap-5", capture("heap-5", podB, SEMANTICS_FROM.plusSeconds(3_000), inuse())));
        onTime.add(upload("semantics-a-cpu-1", capture("cpu-1", podA, SEMANTICS_FROM.plusSeconds(300), all())));
        onTime.add(upload("semantics-b-cpu-2", capture("cpu-2", podB, SEMANTICS_FROM.plusSeconds(600), all())));

        // timeline: cpu and goroutine of two pods at a 10 s and a 20 s cadence
        for (int i = 0; i < TIMELINE_P1_TICKS; i++) {
            timelineTick(onTime, "p1", TIMELINE_P1_START.plusSeconds(10L * i), i);
        }
        for (int i = 0; i < TIMELINE_P2_TICKS; i++) {
            timelineTick(onTime, "p2", TIMELINE_P2_START.plusSeconds(20L * i), i + 3);
        }
        timelineTick(late, "p2", TIMELINE_LATE, 5);

        // catalog, tenant acme: checkout (3 pods, two envs, cpu; goroutine on one pod) and search on day 5,
        // and an old search pod on day 2 only
        for (String pod : List.of("checkout-1", "checkout-2", "checkout-canary")) {
            LabelSet labels = Captures.labels("service_name", "checkout", "pod", pod, "env", pod.endsWith("canary") ? "canary" : "prod");
            onTime.add(new Upload("acme", "acme-cpu-" + pod, capture("cpu-3", labels, CATALOG_AT, all())));
            if (pod.equals("checkout-1")) {
                onTime.add(new Upload("acme", "acme-goroutine-" + pod, capture("goroutine-3", labels, CATALOG_AT, all())));
            }
        }
        onTime.add(new Upload("acme", "acme-search-1", capture("goroutine-4",
                Captures.labels("service_name", "search", "pod", "search-1", "env", "prod"), CATALOG_AT, all())));
        onTime.add(new Upload("acme", "acme-search-0", capture("goroutine-5",
                Captures.labels("service_name", "search", "pod", "search-0", "env", "staging"), day(2), all())));
        // the same service name as a golden service, in another tenant: must never mix with tenant default
        onTime.add(new Upload("acme", "acme-golden-cpu", capture("cpu-6", "golden-cpu", slot(3), all())));

        // metrics: three goroutine snapshots within one minute
        for (int i = 0; i < 3; i++) {
            onTime.add(upload("metrics-" + i, capture("goroutine-" + (i + 1), "metrics", METRICS_AT.plusSeconds(10L * i), all())));
        }

        // many pods: one cpu series per pod, the capture decoded once
        SeriesProfile cpu = capture("cpu-1", "pods", MANY_PODS_AT, profile -> profile.type().id().equals(CPU)).get(0);
        for (int i = 0; i < MANY_PODS; i++) {
            SeriesProfile pod = new SeriesProfile(cpu.type(), Captures.labels("service_name", "pods", "pod", longPod(i)), cpu.timeNanos(),
                    cpu.durationNanos(), cpu.period(), cpu.frames(), cpu.stacks(), cpu.values());
            onTime.add(new Upload(MANY_PODS_TENANT, "many-pods-" + i, List.of(pod)));
        }

        // timeline rates and averages: hand-made snapshots of known totals and durations
        onTime.addAll(TimelineSeed.uploads(TIMELINE_SEED_AT));

        write(store, onTime);
        assertThat(new RollupJob(store.dataSource(), Duration.ZERO, 1_000_000).runOnce(FAR_AHEAD)).isPositive();
        write(store, late);
        assertThat(store.pending()).as("late rows leave their buckets pending").isNotEmpty();
    }

    private static void timelineTick(List<Upload> uploads, String pod, Instant at, int round) {
        LabelSet labels = Captures.labels("service_name", "timeline", "pod", pod);
        uploads.add(upload("timeline-" + pod + "-cpu-" + at, capture("cpu-" + (round % 6 + 1), labels, at, all())));
        uploads.add(upload("timeline-" + pod + "-goroutine-" + at, capture("goroutine-" + (round % 6 + 1), labels, at, all())));
    }

    private static void write(Store store, List<Upload> uploads) throws SQLException {
        for (int from = 0; from < uploads.size(); from += 200) {
            List<Upload> batch = uploads.subList(from, Math.min(uploads.size(), from + 200));
            assertThat(store.writer().write(batch)).containsOnly(WriteOutcome.STORED);
        }
    }

    private static Upload upload(String id, List<SeriesProfile> series) {
        return new Upload(Store.TENANT, id, series);
    }

    /** Capture {@code name} (e.g. "cpu-2") of {@code service} at {@code at}, only the series {@code keep} accepts. */
    public static List<SeriesProfile> capture(String name, String service, Instant at, Predicate<SeriesProfile> keep) {
        return capture(name, Captures.labels("service_name", service), at, keep);
    }

    public static List<SeriesProfile> capture(String name, LabelSet labels, Instant at, Predicate<SeriesProfile> keep) {
        return Captures.split(name + ".pb.gz", labels, Captures.nanos(at)).stream().filter(keep).toList();
    }

    private static Predicate<SeriesProfile> all() {
        return profile -> true;
    }

    /** The series an agent passes through from a heap capture: inuse_*. */
    private static Predicate<SeriesProfile> inuse() {
        return profile -> profile.type().sampleType().startsWith("inuse_");
    }

    /** The series an agent turns into deltas: everything but inuse_*. */
    private static Predicate<SeriesProfile> cumulative() {
        return profile -> !profile.type().sampleType().startsWith("inuse_");
    }

    /** Per series and stack, newer minus older (stacks whose value did not change left out), as the agent computes it. */
    static List<SeriesProfile> deltas(List<SeriesProfile> older, List<SeriesProfile> newer, Instant at) {
        List<SeriesProfile> result = new ArrayList<>();
        for (SeriesProfile now : newer) {
            SeriesProfile before = older.stream().filter(p -> p.type().equals(now.type())).findFirst().orElseThrow();
            Map<List<Frame>, Long> delta = new LinkedHashMap<>(now.valuesByStack());
            before.valuesByStack().forEach((stack, value) -> delta.merge(stack, -value, Long::sum));
            delta.values().removeIf(value -> value == 0);
            FrameTable frames = new FrameTable();
            int[][] stacks = new int[delta.size()][];
            long[] values = new long[delta.size()];
            int i = 0;
            for (Map.Entry<List<Frame>, Long> entry : delta.entrySet()) {
                stacks[i] = entry.getKey().stream().mapToInt(frames::intern).toArray();
                values[i++] = entry.getValue();
            }
            result.add(new SeriesProfile(now.type(), now.labels(), Captures.nanos(at), 0, now.period(), frames, stacks, values));
        }
        return result;
    }
}

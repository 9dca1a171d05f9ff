package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.query.support.PprofTop;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.storage.query.Piece;
import dev.pyrometer.storage.query.SeriesCatalog;
import dev.pyrometer.storage.query.SeriesInfo;
import dev.pyrometer.storage.query.WindowReader;
import dev.pyrometer.storage.rollup.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API's top table of the golden window equals {@code go tool pprof -top} over the same raw captures
 * merged (see golden/regenerate.sh and {@link QueryFixture}): cpu as captured, alloc_space, mutex delay and
 * block contentions as agent deltas, and, for the instant types inuse_space, inuse_objects and goroutine, the
 * documented average: the merged sums divided by the window's snapshot count, unrounded. The window is
 * answered from day, hour and minute rollups plus raw rows, with a pending (late) minute among them.
 */
class GoldenQueryTest extends RunningQueryService {
    @Autowired
    private WindowReader windowReader;
    @Autowired
    private SeriesCatalog catalog;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "golden-cpu,       process_cpu:cpu:nanoseconds:cpu:nanoseconds,       cpu.cpu,                4",
            "golden-allocs,    memory:alloc_space:bytes:space:bytes,              allocs.alloc_space,     4",
            "golden-mutex,     mutex:delay:nanoseconds:contentions:count,         mutex.delay,            4",
            "golden-block,     block:contentions:count:contentions:count,         block.contentions,      4"})
    void summedTypesEqualGoToolPprofTopOverTheMergedCaptures(String service, String profileType, String golden, int snapshots) {
        PprofTop expected = PprofTop.golden(golden);
        JsonNode answer = top(service, profileType);

        assertThat(rows(answer)).as("rows of %s", golden).containsExactlyElementsOf(expected.rows());
        assertThat(answer.at("/window/total").asLong()).as("total").isEqualTo(expected.total());
        assertThat(answer.get("shownFlat").asLong()).isEqualTo(expected.shown());
        assertThat(answer.get("droppedRows").asInt()).isZero();
        assertThat(answer.at("/window/aggregation").asString()).isEqualTo("sum");
        assertThat(answer.at("/window/series").asInt()).isEqualTo(1);
        assertThat(answer.at("/window/snapshots").asLong()).isEqualTo(snapshots);
        assertPercentages(answer);
    }

    /**
     * For instant types every value is the window average, unrounded: pprof's merge of the window's captures
     * divided by the snapshot count, as the nearest double. Multiplying back by the count and rounding recovers
     * pprof's integer exactly, which is what these assertions compare, for every function, in the top table,
     * the flame graph (per function self and total) and the diff, with no function missing.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "golden-heap,      memory:inuse_space:bytes:space:bytes,       heap.inuse_space,    4",
            "golden-heap,      memory:inuse_objects:count:space:bytes,     heap.inuse_objects,  4",
            "golden-goroutine, goroutine:goroutine:count:goroutine:count,  goroutine.goroutine, 3"})
    void instantTypesAreGoToolPprofOverTheMergedCapturesDividedByTheSnapshotCount(String service, String profileType, String golden,
                                                                                 int snapshots) {
        PprofTop pprofOfSums = PprofTop.golden(golden);
        JsonNode answer = top(service, profileType);

        assertThat(rows(answer, snapshots)).containsExactlyElementsOf(pprofOfSums.rows());
        assertThat(answer.at("/window/total").asDouble()).isEqualTo((double) pprofOfSums.total() / snapshots);
        assertThat(answer.get("shownFlat").asDouble()).isEqualTo((double) pprofOfSums.shown() / snapshots);
        assertThat(answer.at("/window/aggregation").asString()).isEqualTo("average");
        assertThat(answer.at("/window/values").asString()).isEqualTo("average");
        assertThat(answer.at("/window/snapshots").asLong()).isEqualTo(snapshots);
        assertThat(answer.at("/window/averageOf").asLong()).isEqualTo(snapshots);
        assertPercentages(answer, snapshots);

        JsonNode flame = ok(url("flamegraph", "profileType", profileType, "query", service(service),
                "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO))).get("flamebearer");
        assertThat(FlamebearerTotals.of(flame, 4, 0, snapshots)).isEqualTo(FlamebearerTotals.of(pprofOfSums));
        assertThat(times(flame.get("numTicks"), snapshots)).isEqualTo(pprofOfSums.total());

        JsonNode diff = ok(url("diff", "profileType", profileType, "query", service(service),
                "leftFrom", t(GOLDEN_FROM), "leftTo", t(GOLDEN_TO), "rightFrom", t(GOLDEN_FROM), "rightTo", t(GOLDEN_TO)));
        List<PprofTop.Row> left = new ArrayList<>();
        List<PprofTop.Row> right = new ArrayList<>();
        diff.get("table").forEach(row -> {
            left.add(new PprofTop.Row(row.get("function").asString(), times(row.get("leftFlat"), snapshots), times(row.get("leftCum"), snapshots)));
            right.add(new PprofTop.Row(row.get("function").asString(), times(row.get("rightFlat"), snapshots), times(row.get("rightCum"), snapshots)));
            assertThat(row.get("flatChange").asDouble()).isZero();
        });
        assertThat(left).containsExactlyInAnyOrderElementsOf(pprofOfSums.rows());
        assertThat(right).containsExactlyInAnyOrderElementsOf(pprofOfSums.rows());
        assertThat(times(diff.get("leftTotal"), snapshots)).isEqualTo(pprofOfSums.total());
        assertThat(FlamebearerTotals.of(diff.get("flamebearer"), 7, 0, snapshots)).isEqualTo(FlamebearerTotals.of(pprofOfSums));
        assertThat(FlamebearerTotals.of(diff.get("flamebearer"), 7, 3, snapshots)).isEqualTo(FlamebearerTotals.of(pprofOfSums));
    }

    @Test
    void theGoldenWindowIsPlannedOverEveryTierWithALateMinuteReadRaw() throws Exception {
        int tenantId = catalog.tenantId("default").orElseThrow();
        List<SeriesInfo> series = catalog.series(tenantId, QueryFixture.CPU, "golden-cpu");
        long[] ids = series.stream().mapToLong(SeriesInfo::id).toArray();
        long from = micros(GOLDEN_FROM);
        long to = micros(GOLDEN_TO);
        long lateMinute = micros(QueryFixture.slot(5)) / 60_000_000 * 60_000_000;

        List<Piece> plan = windowReader.read(tenantId, ids, from, to).plan();
        assertThat(plan).extracting(Piece::tier).as("per series").contains(Tier.DAY, Tier.HOUR, Tier.TEN_MINUTES, null).doesNotContain(Tier.MINUTE);
        assertThat(plan).contains(new Piece(Tier.DAY, micros(QueryFixture.day(1)), micros(QueryFixture.day(2))));
        assertThat(plan).as("the late row's ten minutes are pending, so read raw")
                .anyMatch(piece -> piece.raw() && piece.fromMicros() <= lateMinute && piece.toMicros() >= lateMinute + 60_000_000);

        Map<Long, Long> groupOf = new HashMap<>();
        series.forEach(info -> groupOf.put(info.id(), info.groupId()));
        List<Piece> groupPlan = windowReader.read(tenantId, new long[0], groupOf, from, to, Tier.DAY).groupPlan();
        assertThat(groupPlan).extracting(Piece::tier).as("per group").contains(Tier.DAY, Tier.HOUR, Tier.TEN_MINUTES, Tier.MINUTE,
                Tier.TEN_SECONDS, null);
        assertThat(groupPlan).as("the late row's minute is pending, so read raw").contains(new Piece(null, lateMinute, lateMinute + 60_000_000));
        assertThat(groupPlan.subList(0, 4)).as("the window's first 40 s, ten seconds at a time").containsExactly(
                new Piece(Tier.TEN_SECONDS, from, from + 10_000_000), new Piece(Tier.TEN_SECONDS, from + 10_000_000, from + 20_000_000),
                new Piece(Tier.TEN_SECONDS, from + 20_000_000, from + 30_000_000), new Piece(Tier.TEN_SECONDS, from + 30_000_000, from + 40_000_000));
    }

    @Test
    void aLimitShowsTheLargestRowsAndCountsTheRest() {
        PprofTop golden = PprofTop.golden("cpu.cpu");
        JsonNode answer = ok(url("top", "profileType", QueryFixture.CPU, "query", service("golden-cpu"),
                "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO), "limit", 3));

        assertThat(rows(answer)).containsExactlyElementsOf(golden.rows().subList(0, 3));
        assertThat(answer.get("droppedRows").asInt()).isEqualTo(golden.rows().size() - 3);
        assertThat(answer.get("shownFlat").asLong()).isEqualTo(golden.rows().subList(0, 3).stream().mapToLong(PprofTop.Row::flat).sum());
        assertThat(answer.at("/window/total").asLong()).isEqualTo(golden.total());
    }

    private JsonNode top(String service, String profileType) {
        return ok(url("top", "profileType", profileType, "query", service(service), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO)));
    }

    /** The rows of an averaged answer with each value multiplied back by {@code snapshots}. */
    static List<PprofTop.Row> rows(JsonNode answer, int snapshots) {
        List<PprofTop.Row> rows = new ArrayList<>();
        answer.get("rows").forEach(row -> rows.add(new PprofTop.Row(row.get("function").asString(), times(row.get("flat"), snapshots),
                times(row.get("cum"), snapshots))));
        return rows;
    }

    /** {@code value × factor} rounded to the nearest integer: exact for a value that is an integer divided by {@code factor}. */
    static long times(JsonNode value, int factor) {
        return Math.round(value.asDouble() * factor);
    }

    static List<PprofTop.Row> rows(JsonNode answer) {
        List<PprofTop.Row> rows = new ArrayList<>();
        answer.get("rows").forEach(row -> rows.add(new PprofTop.Row(row.get("function").asString(), row.get("flat").asLong(),
                row.get("cum").asLong())));
        return rows;
    }

    /** flat%, sum% and cum% are percentages of the window total, sum% running down the flat column. */
    private static void assertPercentages(JsonNode answer) {
        assertPercentages(answer, 1);
    }

    /** The same for values that are integers divided by {@code snapshots}: percentages are of those integers. */
    private static void assertPercentages(JsonNode answer, int snapshots) {
        double total = times(answer.at("/window/total"), snapshots);
        long sum = 0;
        for (JsonNode row : answer.get("rows")) {
            long flat = times(row.get("flat"), snapshots);
            sum += flat;
            assertThat(row.get("flatPercent").asDouble()).isEqualTo(100.0 * flat / total);
            assertThat(row.get("cumPercent").asDouble()).isEqualTo(100.0 * times(row.get("cum"), snapshots) / total);
            assertThat(row.get("sumPercent").asDouble()).isEqualTo(100.0 * sum / total);
        }
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}

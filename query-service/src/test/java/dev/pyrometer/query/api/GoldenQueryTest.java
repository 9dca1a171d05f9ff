package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.query.support.PprofSamples;
import dev.pyrometer.query.support.PprofTop;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.query.support.TopOracle;
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
 * block contentions as agent deltas, and, for the instant types inuse_space and goroutine, the documented
 * average: each stack's merged sum divided by the window's snapshot count, rounded half up. The window is
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

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "golden-heap,      memory:inuse_space:bytes:space:bytes,       heap,      inuse_space, 4",
            "golden-goroutine, goroutine:goroutine:count:goroutine:count,  goroutine, goroutine,   3"})
    void instantTypesEqualTheDocumentedAverageOfTheMergedCaptures(String service, String profileType, String golden, String sampleType,
                                                                   int snapshots) {
        PprofTop pprofOfSums = PprofTop.golden(golden + "." + sampleType);
        Map<List<Frame>, Long> sums = new HashMap<>(PprofSamples.golden(golden, sampleType));
        // -raw leaves out samples without frames (Go 1.19 goroutine profiles have one of value 1), which -top
        // counts in its total only; put them back as the empty stack
        long frameless = pprofOfSums.total() - pprofOfSums.shown();
        if (frameless != 0) {
            sums.put(List.of(), frameless);
        }
        // the oracle's table of the plain merge is pprof's own, so the oracle builds tables as pprof does
        assertThat(TopOracle.of(sums)).isEqualTo(pprofOfSums);

        PprofTop expected = TopOracle.of(TopOracle.average(sums, snapshots));
        JsonNode answer = top(service, profileType);

        assertThat(rows(answer)).containsExactlyElementsOf(expected.rows());
        assertThat(answer.at("/window/total").asLong()).isEqualTo(expected.total());
        assertThat(answer.get("shownFlat").asLong()).isEqualTo(expected.shown());
        assertThat(answer.at("/window/aggregation").asString()).isEqualTo("average");
        assertThat(answer.at("/window/snapshots").asLong()).isEqualTo(snapshots);
        assertThat(expected.total()).as("averaging changed the numbers").isLessThan(pprofOfSums.total());
        assertPercentages(answer);
    }

    @Test
    void theGoldenWindowIsPlannedOverEveryTierWithALateMinuteReadRaw() throws Exception {
        int tenantId = catalog.tenantId("default").orElseThrow();
        List<SeriesInfo> series = catalog.series(tenantId, QueryFixture.CPU, "golden-cpu");
        long[] ids = series.stream().mapToLong(SeriesInfo::id).toArray();
        List<Piece> plan = windowReader.read(tenantId, ids, micros(GOLDEN_FROM), micros(GOLDEN_TO)).plan();

        assertThat(plan).extracting(Piece::tier).contains(Tier.DAY, Tier.HOUR, Tier.MINUTE, null);
        assertThat(plan).contains(new Piece(Tier.DAY, micros(QueryFixture.day(1)), micros(QueryFixture.day(2))));
        long lateMinute = micros(QueryFixture.slot(5)) / 60_000_000 * 60_000_000;
        assertThat(plan).as("the late row's minute is pending, so read raw").contains(new Piece(null, lateMinute, lateMinute + 60_000_000));
        assertThat(plan.get(0)).isEqualTo(new Piece(null, micros(GOLDEN_FROM), micros(GOLDEN_FROM) + 40_000_000));
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

    static List<PprofTop.Row> rows(JsonNode answer) {
        List<PprofTop.Row> rows = new ArrayList<>();
        answer.get("rows").forEach(row -> rows.add(new PprofTop.Row(row.get("function").asString(), row.get("flat").asLong(),
                row.get("cum").asLong())));
        return rows;
    }

    /** flat%, sum% and cum% are percentages of the window total, sum% running down the flat column. */
    private static void assertPercentages(JsonNode answer) {
        double total = answer.at("/window/total").asLong();
        long sum = 0;
        for (JsonNode row : answer.get("rows")) {
            sum += row.get("flat").asLong();
            assertThat(row.get("flatPercent").asDouble()).isEqualTo(100.0 * row.get("flat").asLong() / total);
            assertThat(row.get("cumPercent").asDouble()).isEqualTo(100.0 * row.get("cum").asLong() / total);
            assertThat(row.get("sumPercent").asDouble()).isEqualTo(100.0 * sum / total);
        }
    }

    static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}

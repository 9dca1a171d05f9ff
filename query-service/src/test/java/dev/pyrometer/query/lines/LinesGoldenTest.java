package dev.pyrometer.query.lines;

import dev.pyrometer.profile.lines.SourceListing;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.testing.GoldenList;
import dev.pyrometer.query.support.PprofSamples;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.query.support.TopOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/v1/lines} of the golden window (read from day, hour and minute rollups and raw rows, see
 * {@link QueryFixture}) equals {@code go tool pprof -list '^FUNCTION$'} over the window's raw captures merged
 * (golden/regenerate.sh), inline frames included. No source is configured in this context, so every file says
 * so and no line has text.
 */
class LinesGoldenTest extends RunningQueryService {
    private static final String MAIN_GO = "/tmp/ceo/go/seedapp/main.go";

    @ParameterizedTest
    @ValueSource(strings = {"main.increase2000", "main.increase1000", "main.IncreaseIntGoroutine.func1"})
    void cpuLinesEqualGoToolPprofList(String function) {
        GoldenList.Routine golden = GoldenList.load("/golden/list/cpu.cpu." + function + ".txt").routines().get(0);
        JsonNode answer = lines("golden-cpu", QueryFixture.CPU, function);

        assertThat(answer.get("function").asString()).isEqualTo(function);
        assertThat(answer.get("service").asString()).isEqualTo("golden-cpu");
        assertThat(answer.has("version")).isFalse();
        assertThat(answer.at("/window/total").asLong()).isEqualTo(GoldenList.load("/golden/list/cpu.cpu." + function + ".txt").total());
        assertThat(answer.get("files")).hasSize(1);
        JsonNode file = answer.get("files").get(0);
        assertThat(file.get("file").asString()).isEqualTo(MAIN_GO).endsWith("/" + golden.file());
        assertThat(file.get("flat").asLong()).isEqualTo(golden.flat());
        assertThat(file.get("cum").asLong()).isEqualTo(golden.cum());
        assertThat(file.get("source").asString()).isEqualTo("none");
        assertThat(file.get("sourceMessage").asString()).isEqualTo("no source is configured for service golden-cpu");
        assertThat(rows(file)).containsExactlyElementsOf(golden.rows().stream()
                .filter(row -> row.flat() != 0 || row.cum() != 0)
                .map(row -> new SourceListing.Row(row.line(), row.flat(), row.cum(), null))
                .toList());
    }

    /**
     * inuse_space is averaged over the window's 4 snapshots per stack, rounded once per stack, exactly as the top
     * table is; the lines add up those stack values. Expected: pprof's raw samples of the merged captures, averaged
     * by the documented rule, then totalled per line of main.alloc1000 and its inlined caller.
     */
    @ParameterizedTest
    @ValueSource(strings = {"main.alloc1000", "main.AllocMemory"})
    void averagedLinesAddUpTheRoundedStackValuesOfTheTopTable(String function) {
        Map<List<Frame>, Long> averaged = TopOracle.average(PprofSamples.golden("heap", "inuse_space"), 4);
        Map<Long, long[]> expected = new TreeMap<>();
        averaged.forEach((stack, value) -> {
            Set<Long> seen = new HashSet<>();
            for (int depth = 0; depth < stack.size(); depth++) {
                Frame frame = stack.get(depth);
                if (frame.function().equals(function)) {
                    long[] sums = expected.computeIfAbsent(frame.line(), line -> new long[2]);
                    sums[0] += depth == 0 ? value : 0;
                    sums[1] += seen.add(frame.line()) ? value : 0;
                }
            }
        });
        List<SourceListing.Row> expectedRows = new ArrayList<>();
        expected.forEach((line, sums) -> expectedRows.add(new SourceListing.Row(line, sums[0], sums[1], null)));

        JsonNode answer = lines("golden-heap", QueryFixture.INUSE_SPACE, function);

        assertThat(answer.at("/window/aggregation").asString()).isEqualTo("average");
        assertThat(expectedRows).isNotEmpty();
        assertThat(rows(answer.get("files").get(0))).containsExactlyElementsOf(expectedRows);
    }

    @Test
    void aFunctionNotInTheWindowHasNoFiles() {
        JsonNode answer = lines("golden-cpu", QueryFixture.CPU, "main.notThere");

        assertThat(answer.get("files")).isEmpty();
        assertThat(answer.at("/window/snapshots").asLong()).isEqualTo(4);
    }

    @Test
    void theFunctionIsRequired() {
        Answer missing = get(url("lines", "profileType", QueryFixture.CPU, "query", service("golden-cpu")));
        Answer empty = get(url("lines", "profileType", QueryFixture.CPU, "function", ""));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(onlyError(empty.contentType(), empty.text())).isEqualTo("parameter 'function' must name a function");
    }

    private JsonNode lines(String service, String profileType, String function) {
        return ok(url("lines", "profileType", profileType, "query", service(service), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO),
                "function", function));
    }

    /** The rows of one file of an answer; text null when absent. */
    static List<SourceListing.Row> rows(JsonNode file) {
        List<SourceListing.Row> rows = new ArrayList<>();
        file.get("lines").forEach(line -> rows.add(new SourceListing.Row(line.get("line").asLong(), line.get("flat").asLong(),
                line.get("cum").asLong(), line.has("text") ? line.get("text").asString() : null)));
        return rows;
    }
}

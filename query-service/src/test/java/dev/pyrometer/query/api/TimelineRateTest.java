package dev.pyrometer.query.api;

import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.query.support.TimelineSeed;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Arrays;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOROUTINE;
import static dev.pyrometer.query.support.QueryFixture.TIMELINE_SEED_AT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timeline values over {@link TimelineSeed}'s snapshots, whose totals and durations are known: CPU as a
 * rate (ns of CPU per second of wall time, each profile spread over the time it covers) and goroutines
 * as the per-series mean over the step's snapshots, added over series. Every expected value is exact.
 */
class TimelineRateTest extends RunningQueryService {
    private static final Instant A = TIMELINE_SEED_AT;
    private static final double HALF_CORE = 500_000_000.0;

    @Test
    void profilesOf9SecondsIn10SecondStepsGiveAFlatRateForAFlatLoad() {
        // profiles start at +0 s, +9 s, +18 s…: the first step holds two starts, yet each step is covered for 10 s exactly once
        JsonNode answer = timeline(TimelineSeed.FLAT, CPU, A, A.plus(TimelineSeed.SPAN), "10s", null);

        assertThat(answer.get("measure").asString()).isEqualTo("rate");
        assertThat(answer.get("valueUnit").asString()).isEqualTo("nanoseconds per second");
        assertThat(answer.get("step").asLong()).isEqualTo(10);
        Double[] flat = new Double[36];
        Arrays.fill(flat, HALF_CORE);
        assertThat(values(answer, 0)).containsExactly(flat);
    }

    @Test
    void stepsNoProfileCoversAreNull() {
        JsonNode answer = timeline(TimelineSeed.FLAT, CPU, A.minusSeconds(30), A.plus(TimelineSeed.SPAN).plusSeconds(30), "10s", null);
        Double[] expected = new Double[42];
        Arrays.fill(expected, 3, 39, HALF_CORE);
        assertThat(values(answer, 0)).containsExactly(expected);
    }

    @Test
    void aProfileCoveringPartsOfTwoStepsAddsToEachInProportion() {
        // 9e9 ns over [+5 s, +14 s): 5 s in [+0, +10) and 4 s in [+10, +20)
        assertThat(values(timeline(TimelineSeed.SPREAD, CPU, A, A.plusSeconds(30), "10s", null), 0))
                .containsExactly(5e8, 4e8, null);
        assertThat(values(timeline(TimelineSeed.SPREAD, CPU, A, A.plusSeconds(20), "5s", null), 0))
                .containsExactly(null, 1e9, 8e8, null);
        assertThat(values(timeline(TimelineSeed.SPREAD, CPU, A.plusSeconds(10), A.plusSeconds(20), "10s", null), 0))
                .as("a profile dated before the first step adds the part it covers").containsExactly(4e8);
        assertThat(values(timeline(TimelineSeed.SPREAD, CPU, A, A.plusSeconds(12), "10s", null), 0))
                .as("the last step ends at the window's end: 2e9 ns in its 2 s").containsExactly(5e8, 1e9);
    }

    @Test
    void groupByGivesARateLinePerValue() {
        JsonNode answer = timeline("~flat-load|stepped-load", CPU, A, A.plus(TimelineSeed.SPAN), "10s", "service_name");
        assertThat(answer.get("lines")).extracting(line -> line.at("/labels/service_name").asString())
                .containsExactly(TimelineSeed.FLAT, TimelineSeed.STEPPED);
        Double[] flat = new Double[36];
        Arrays.fill(flat, HALF_CORE);
        Double[] stepped = new Double[36];
        Arrays.fill(stepped, 0, 18, 250_000_000.0);
        Arrays.fill(stepped, 18, 36, 1_000_000_000.0);
        assertThat(values(answer, 0)).containsExactly(flat);
        assertThat(values(answer, 1)).containsExactly(stepped);
    }

    @Test
    void instantTypesAverageEachSeriesOverItsSnapshotsAndAddTheSeries() {
        JsonNode all = timeline(TimelineSeed.AVERAGE, GOROUTINE, A, A.plusSeconds(20), "10s", null);
        assertThat(all.get("measure").asString()).isEqualTo("average");
        assertThat(all.get("valueUnit").asString()).isEqualTo("average count");
        // pod a: (10 + 20 + 33) / 3 = 21, pod b: 7; then pod a alone: 5
        assertThat(values(all, 0)).containsExactly(28.0, 5.0);

        JsonNode byPod = timeline(TimelineSeed.AVERAGE, GOROUTINE, A, A.plusSeconds(20), "10s", "pod");
        assertThat(values(byPod, 0)).containsExactly(21.0, 5.0);
        assertThat(values(byPod, 1)).containsExactly(7.0, null);
    }

    /** {@code service} is a service name, or a regular expression after "~". */
    private JsonNode timeline(String service, String profileType, Instant from, Instant to, String step, String groupBy) {
        String selector = service.startsWith("~") ? "{service_name=~\"" + service.substring(1) + "\"}" : service(service);
        return groupBy == null
                ? ok(url("timeline", "profileType", profileType, "query", selector, "from", t(from), "to", t(to), "step", step))
                : ok(url("timeline", "profileType", profileType, "query", selector, "from", t(from), "to", t(to), "step", step, "groupBy", groupBy));
    }

    private static Double[] values(JsonNode answer, int line) {
        JsonNode values = answer.at("/lines/" + line + "/values");
        Double[] result = new Double[values.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = values.get(i).isNull() ? null : values.get(i).asDouble();
        }
        return result;
    }
}

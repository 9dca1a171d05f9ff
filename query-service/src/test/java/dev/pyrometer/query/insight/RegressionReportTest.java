package dev.pyrometer.query.insight;

import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** GET /api/v1/regressions over {@link FleetSeed}: the planted regression is named first; the traffic change is not a regression. */
class RegressionReportTest extends RunningQueryService {
    private static boolean seeded;

    @BeforeAll
    static synchronized void seed() throws Exception {
        if (!seeded) {
            FleetSeed.write(QueryFixture.database());
            seeded = true;
        }
    }

    private JsonNode report(Object... extra) {
        List<Object> params = new ArrayList<>(List.of("tenant", FleetSeed.TENANT, "profileType", QueryFixture.CPU,
                "from", t(FleetSeed.COMPARISON_FROM), "to", t(FleetSeed.COMPARISON_TO)));
        params.addAll(List.of(extra));
        return ok(url("regressions", params.toArray()));
    }

    @Test
    void fleetReportNamesThePlantedFunctionFirstAndNotTheTraffic() {
        JsonNode report = report("fleet", "true", "limit", 1000);
        assertThat(report.at("/baseline/from").asString()).isEqualTo(FleetSeed.BASELINE_FROM.toString());
        assertThat(report.get("step").asLong()).isEqualTo(60);
        assertThat(report.at("/baseline/buckets").asInt()).isEqualTo(120);
        assertThat(report.at("/comparison/series").asInt()).isEqualTo(6);

        JsonNode first = report.get("functions").get(0);
        assertThat(first.get("service").asString()).isEqualTo(FleetSeed.PLANTED_SERVICE);
        assertThat(first.get("function").asString()).isEqualTo(FleetSeed.PLANTED);
        assertThat(first.get("direction").asString()).isEqualTo("regression");
        assertThat(first.get("q").asDouble()).isLessThan(0.01);
        assertThat(first.get("baselineCount").asInt()).isEqualTo(120);
        assertThat(first.get("comparisonShares").size()).isEqualTo(120);

        List<String> regressions = new ArrayList<>();
        for (JsonNode row : report.get("functions")) {
            if (row.get("direction").asString().equals("regression")) {
                regressions.add(row.get("service").asString() + " " + row.get("function").asString() + " " + row.get("metric").asString());
            }
        }
        assertThat(regressions).containsExactly("checkout main.f03 flat", "checkout main.f03 cum");
        // traffic: the fleet's cpu per second grew by about half, and so did an untouched function's
        assertThat(report.at("/comparison/totalRate").asDouble() / report.at("/baseline/totalRate").asDouble()).isCloseTo(1.5, within(0.05));
        JsonNode untouched = row(report, "search", "main.f00", "flat");
        assertThat(untouched.get("comparisonRate").asDouble() / untouched.get("baselineRate").asDouble()).isCloseTo(1.5, within(0.05));
        assertThat(untouched.get("significant").asBoolean()).isFalse();
        System.out.printf("planted %s of %s: rank 1 of %d function tests, q = %.3g, p = %.3g, share %.2f %% → %.2f %%; verdict: %s%n",
                FleetSeed.PLANTED, FleetSeed.PLANTED_SERVICE, report.get("functionTests").asInt(), first.get("q").asDouble(),
                first.get("p").asDouble(), 100 * first.get("baselineShare").asDouble(), 100 * first.get("comparisonShare").asDouble(),
                report.get("verdict").asString());
    }

    @Test
    void aServiceWithOnlyMoreTrafficHasNoSignificantChange() {
        JsonNode report = report("query", service("search"));
        assertThat(report.get("verdict").asString()).isEqualTo("no significant change");
        assertThat(report.get("regressions").asInt()).isZero();
        assertThat(report.get("functions").get(0).get("service").isNull()).isTrue();
    }

    @Test
    void refusesHalfABaselineAndABadStep() {
        assertThat(get(url("regressions", "profileType", QueryFixture.CPU, "baseFrom", "now-8d")).status()).isEqualTo(400);
        assertThat(get(url("regressions", "profileType", QueryFixture.CPU, "step", "90s")).status()).isEqualTo(400);
        assertThat(get(url("leaks", "profileType", QueryFixture.CPU)).status()).isEqualTo(400);
    }

    private static JsonNode row(JsonNode report, String service, String function, String metric) {
        for (JsonNode row : report.get("functions")) {
            if (row.get("service").asString().equals(service) && row.get("function").asString().equals(function)
                    && row.get("metric").asString().equals(metric)) {
                return row;
            }
        }
        throw new AssertionError("no row " + service + " " + function + " " + metric);
    }
}

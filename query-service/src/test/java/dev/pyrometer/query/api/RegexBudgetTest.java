package dev.pyrometer.query.api;

import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.Test;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.MANY_PODS;
import static dev.pyrometer.query.support.QueryFixture.MANY_PODS_AT;
import static dev.pyrometer.query.support.QueryFixture.MANY_PODS_TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One regex step budget (10,000,000 steps by default) bounds all the selector work of a request, over every series
 * and selector it tests. {@code {pod=~".*.*.*x"}} reads each 120-character pod about 900,000 times, so over 1,000
 * distinct pods it would take some 900,000,000 steps: it is refused, naming the parameter and the budget, after
 * about a dozen pods. The step counts themselves are checked in profile-core's SelectorEvaluationTest.
 */
class RegexBudgetTest extends RunningQueryService {
    private static final String CUBIC = "{pod=~\".*.*.*x\"}";
    private static final String FROM = MANY_PODS_AT.minusSeconds(60).toString();
    private static final String TO = MANY_PODS_AT.plusSeconds(3600).toString();
    private static final String REFUSAL = "regex \".*.*.*x\" for label pod needs more than the query's budget of 10000000 regex steps"
            + " (one step per character the regex engine reads, over every series the query tests); simplify it (nested repetition"
            + " backtracks) or narrow the selector, e.g. with service_name=\"...\"";

    @Test
    void aCubicRegexOverAThousandLongPodsIsRefusedNamingTheBudget() {
        for (String path : new String[] {"top", "flamegraph", "pprof", "timeline"}) {
            assertThat(error(url(path, "tenant", MANY_PODS_TENANT, "profileType", CPU, "query", CUBIC, "from", FROM, "to", TO)))
                    .as(path).isEqualTo("parameter 'query': " + REFUSAL);
        }
        assertThat(error(url("catalog/label-values", "tenant", MANY_PODS_TENANT, "name", "pod", "query", CUBIC, "from", FROM, "to", TO)))
                .isEqualTo("parameter 'query': " + REFUSAL);
    }

    @Test
    void bothSidesOfADiffShareOneBudget() {
        assertThat(error(url("diff", "tenant", MANY_PODS_TENANT, "profileType", CPU, "leftQuery", "{pod=~\"api-00.*\"}", "rightQuery", CUBIC,
                "leftFrom", FROM, "leftTo", TO, "rightFrom", FROM, "rightTo", TO))).isEqualTo("parameter 'rightQuery': " + REFUSAL);
    }

    @Test
    void aLinearRegexOverTheSamePodsIsAnswered() {
        assertThat(ok(url("top", "tenant", MANY_PODS_TENANT, "profileType", CPU, "query", "{pod=~\"api-09.*\"}", "from", FROM, "to", TO))
                .at("/window/series").asInt()).isEqualTo(100);
        assertThat(ok(url("catalog/label-values", "tenant", MANY_PODS_TENANT, "name", "pod", "query", "{pod!~\".*x\"}", "from", FROM, "to", TO))
                .get("values")).hasSize(MANY_PODS);
    }

    private static String error(String url) {
        Answer answer = get(url);
        assertThat(answer.status()).as("GET %s: %s", url, answer.text()).isEqualTo(400);
        return onlyError(answer.contentType(), answer.text());
    }
}

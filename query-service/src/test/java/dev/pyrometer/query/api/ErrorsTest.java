package dev.pyrometer.query.api;

import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad requests get 400 with a body {@code {"error": "..."}} that names the parameter and the problem; an
 * unknown service is not an error but an empty answer; every other failure keeps the same body shape.
 */
class ErrorsTest extends RunningQueryService {
    private static final String FROM = GOLDEN_FROM.toString();
    private static final String TO = GOLDEN_TO.toString();

    @Test
    void aBadSelectorNamesTheParameterTheProblemAndThePosition() {
        assertThat(error(400, url("top", "profileType", CPU, "query", "{service_name=\"api\"", "from", FROM, "to", TO)))
                .isEqualTo("parameter 'query': invalid selector at position 19: expected ',' or '}' after service_name=\"api\" "
                        + "but the selector ends there");
        assertThat(error(400, url("flamegraph", "profileType", CPU, "query", "{pod=~\"(\"}", "from", FROM, "to", TO)))
                .startsWith("parameter 'query': invalid selector at position 6: bad regex for label pod");
        assertThat(error(400, url("diff", "profileType", CPU, "leftQuery", "{service_name=\"api\"}", "rightQuery", "{9=\"x\"}",
                "leftFrom", FROM, "leftTo", TO, "rightFrom", FROM, "rightTo", TO)))
                .isEqualTo("parameter 'rightQuery': invalid selector at position 1: expected a label name or '}'");
        assertThat(error(400, url("catalog/label-values", "name", "pod", "query", "service_name=\"api\"")))
                .isEqualTo("parameter 'query': invalid selector at position 0: expected '{' to open the selector");
    }

    @Test
    void aBadTimeNamesTheParameter() {
        assertThat(error(400, url("top", "profileType", CPU, "from", "yesterday", "to", TO)))
                .isEqualTo("from 'yesterday' is not a time: use RFC 3339 (2026-11-25T10:00:00Z), unix seconds or milliseconds, "
                        + "'now' or 'now-<duration>' such as now-7d or now-1h30m");
        assertThat(error(400, url("top", "profileType", CPU, "from", FROM, "to", "now-1x"))).startsWith("to 'now-1x' is not a time");
        assertThat(error(400, url("diff", "profileType", CPU, "leftFrom", FROM, "leftTo", TO, "rightFrom", "2026-13-01T00:00:00Z",
                "rightTo", TO))).startsWith("rightFrom '2026-13-01T00:00:00Z' is not a time");
        assertThat(error(400, url("timeline", "profileType", CPU, "from", "now-99999999999999999999d", "to", "now")))
                .startsWith("from 'now-99999999999999999999d'");
    }

    @Test
    void fromMustBeBeforeTo() {
        assertThat(error(400, url("top", "profileType", CPU, "from", TO, "to", FROM)))
                .isEqualTo("from (2026-09-09T01:00:30Z) must be before to (2026-09-07T00:00:20Z)");
        assertThat(error(400, url("flamegraph", "profileType", CPU, "from", FROM, "to", FROM)))
                .isEqualTo("from (2026-09-07T00:00:20Z) must be before to (2026-09-07T00:00:20Z)");
        assertThat(error(400, url("diff", "profileType", CPU, "leftFrom", TO, "leftTo", FROM, "rightFrom", FROM, "rightTo", TO)))
                .isEqualTo("leftFrom (2026-09-09T01:00:30Z) must be before leftTo (2026-09-07T00:00:20Z)");
    }

    @Test
    void aWindowLongerThanTheLimitSaysTheLimit() {
        assertThat(error(400, url("top", "profileType", CPU, "from", "2026-08-01T00:00:00Z", "to", "2026-09-01T00:00:01Z")))
                .isEqualTo("window from=2026-08-01T00:00:00Z, to=2026-09-01T00:00:01Z is 31d1s long, more than the limit of 31d "
                        + "(pyrometer.query.max-window); ask for a shorter one");
        assertThat(get(url("top", "profileType", CPU, "from", "2026-08-01T00:00:00Z", "to", "2026-09-01T00:00:00Z")).status())
                .as("exactly the limit").isEqualTo(200);
    }

    @Test
    void anUnknownServiceIsAnEmptyAnswer() {
        JsonNode top = ok(url("top", "profileType", CPU, "query", service("no-such-service"), "from", FROM, "to", TO));
        assertThat(top.at("/window/total").asLong()).isZero();
        assertThat(top.at("/window/series").asInt()).isZero();
        assertThat(top.at("/window/snapshots").asLong()).isZero();
        assertThat(top.get("rows")).isEmpty();

        JsonNode unknownType = ok(url("top", "profileType", "no:such:type:at:all", "query", service("golden-cpu"), "from", FROM, "to", TO));
        assertThat(unknownType.at("/window/total").asLong()).isZero();
        assertThat(unknownType.get("rows")).isEmpty();

        JsonNode diff = ok(url("diff", "profileType", CPU, "query", service("no-such-service"),
                "leftFrom", FROM, "leftTo", TO, "rightFrom", FROM, "rightTo", TO));
        assertThat(diff.get("leftTotal").asLong()).isZero();
        assertThat(diff.get("table")).isEmpty();
    }

    @Test
    void aProfileTypeThatIsNotFivePartsIsRefused() {
        assertThat(error(400, url("top", "profileType", "cpu", "from", FROM, "to", TO)))
                .isEqualTo("parameter 'profileType': profile type 'cpu' must have five ':'-separated parts: "
                        + "name:sample_type:sample_unit:period_type:period_unit");
        assertThat(error(400, url("catalog/label-names", "profileType", "a::b:c:d")))
                .startsWith("parameter 'profileType': profile type sample type '' must be non-empty");
        assertThat(error(400, url("top", "from", FROM, "to", TO))).isEqualTo("parameter 'profileType' is required");
    }

    @Test
    void limitsOnNodesRowsAndPointsAreChecked() {
        String graph = url("flamegraph", "profileType", CPU, "query", service("golden-cpu"), "from", FROM, "to", TO, "maxNodes", "");
        assertThat(error(400, graph + "0")).isEqualTo("parameter 'maxNodes' must be between 1 and 65536");
        assertThat(error(400, graph + "65537")).isEqualTo("parameter 'maxNodes' must be between 1 and 65536");
        assertThat(error(400, graph + "many")).isEqualTo("parameter 'maxNodes' has a bad value 'many'");
        assertThat(get(graph + "65536").status()).isEqualTo(200);
        assertThat(error(400, url("diff", "profileType", CPU, "leftFrom", FROM, "leftTo", TO, "rightFrom", FROM, "rightTo", TO,
                "maxNodes", 0))).isEqualTo("parameter 'maxNodes' must be between 1 and 65536");
        assertThat(error(400, url("diff", "profileType", CPU, "leftFrom", FROM, "leftTo", TO, "rightFrom", FROM, "rightTo", TO,
                "tableLimit", -1))).isEqualTo("parameter 'tableLimit' must not be negative");
        assertThat(error(400, url("top", "profileType", CPU, "from", FROM, "to", TO, "limit", 0))).isEqualTo("parameter 'limit' must be at least 1");
        assertThat(error(400, url("timeline", "profileType", CPU, "from", "2026-09-01T00:00:00Z", "to", "2026-09-02T00:00:00Z", "step", "10s")))
                .isEqualTo("step 10s gives 8640 points, more than the limit of 2000; use a larger step");
        assertThat(error(400, url("timeline", "profileType", CPU, "from", FROM, "to", TO, "step", "0s")))
                .isEqualTo("parameter 'step' must be positive");
        assertThat(error(400, url("timeline", "profileType", CPU, "from", FROM, "to", TO, "step", "5 minutes")))
                .startsWith("parameter 'step': step '5 minutes' has a bad duration");
        assertThat(error(400, url("catalog/label-values", "from", FROM, "to", TO))).isEqualTo("parameter 'name' is required");
    }

    @Test
    void aBadTenantIsRefused() {
        Answer answer = get(url("top", "profileType", CPU, "from", FROM, "to", TO), Map.of("X-Scope-OrgID", "no spaces!"));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(onlyError(answer)).isEqualTo("tenant (header X-Scope-OrgID or parameter 'tenant') must be 1 to 64 of [A-Za-z0-9_.-]");
    }

    @Test
    void unknownPathsAndMethodsAnswerInTheSameShape() throws Exception {
        assertThat(error(404, url("flamegraphs", "profileType", CPU))).isEqualTo("not found: GET /api/v1/flamegraphs");
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("top", "profileType", CPU)))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(onlyError(new Answer(405, post.headers().firstValue("Content-Type").orElse(""), post.headers().map(), post.body().getBytes())))
                .isEqualTo("method POST is not allowed on /api/v1/top; use [GET]");
    }

    @Test
    void anRfc3339OffsetWhosePlusArrivedAsASpaceIsRead() {
        // '+' unencoded in a query string decodes to a space
        String url = "http://127.0.0.1:" + port + "/api/v1/top?profileType=" + CPU + "&query=" + query("q", service("golden-cpu")).substring(3)
                + "&from=2026-09-07T02:00:20+02:00&to=" + TO;
        JsonNode answer = ok(url);
        assertThat(answer.at("/window/from").asString()).isEqualTo("2026-09-07T00:00:20Z");
        assertThat(answer.at("/window/total").asLong()).isEqualTo(ok(url("top", "profileType", CPU, "query", service("golden-cpu"),
                "from", FROM, "to", TO)).at("/window/total").asLong());
    }

    /** The error message of an answer with {@code status}; the body must be exactly {@code {"error": "..."}}. */
    private static String error(int status, String url) {
        Answer answer = get(url);
        assertThat(answer.status()).as("GET %s: %s", url, answer.text()).isEqualTo(status);
        return onlyError(answer);
    }

    private static String onlyError(Answer answer) {
        assertThat(answer.contentType()).startsWith("application/json");
        JsonNode body = answer.json();
        assertThat(body.propertyNames()).containsExactly("error");
        return body.get("error").asString();
    }
}

package dev.pyrometer.query.api;

import dev.pyrometer.query.support.RawHttp;
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

    /** Every numeric and relative form is held to one range, so no later arithmetic can overflow. */
    @Test
    void aTimeOutOfRangeIsRefusedInEveryForm() {
        String range = "is out of range: a time must be between 1970-01-01T00:00:00Z and 2262-04-11T23:47:16Z";
        for (String far : new String[] {"9223372036854775807", "9999999999999999999", "99999999999", "now-9999999999999999w",
                "now-106751991167300d", "+999999999-12-31T23:59:59Z", "1960-01-01T00:00:00Z"}) {
            assertThat(error(400, url("top", "profileType", CPU, "from", far, "to", TO))).isEqualTo("from '" + far + "' " + range);
            assertThat(error(400, url("timeline", "profileType", CPU, "from", FROM, "to", far))).isEqualTo("to '" + far + "' " + range);
            assertThat(error(400, url("diff", "profileType", CPU, "leftFrom", FROM, "leftTo", TO, "rightFrom", far, "rightTo", TO)))
                    .isEqualTo("rightFrom '" + far + "' " + range);
        }
        assertThat(error(400, url("timeline", "profileType", CPU, "from", FROM, "to", TO, "step", "9999999999999999999999s")))
                .isEqualTo("parameter 'step': step '9999999999999999999999s' is out of range");
        assertThat(error(400, url("timeline", "profileType", CPU, "from", FROM, "to", TO, "step", "32d")))
                .isEqualTo("parameter 'step' must be at most 31d (pyrometer.query.max-window)");
    }

    /** A control character never reaches storage: NUL there used to fail the query as "storage is unavailable". */
    @Test
    void controlCharactersAreRefusedInEveryParameter() {
        assertThat(error(400, url("top", "profileType", CPU, "query", "{service_name=\"a\u0000\"}", "from", FROM, "to", TO)))
                .isEqualTo("parameter 'query' holds the control character U+0000 at index 16; control characters are not allowed");
        assertThat(error(400, url("catalog/label-values", "name", "pod", "query", "{service_name=\"a\nb\"}")))
                .isEqualTo("parameter 'query': invalid selector at position 16: control character U+000A in the value of label"
                        + " service_name; control characters are not allowed");
        assertThat(error(400, url("top", "profileType", "a\tb:c:d:e:f", "from", FROM, "to", TO)))
                .isEqualTo("parameter 'profileType' holds the control character U+0009 at index 1; control characters are not allowed");
        assertThat(error(400, url("timeline", "profileType", CPU, "groupBy", "pod\u001b")))
                .isEqualTo("parameter 'groupBy' holds the control character U+001B at index 3; control characters are not allowed");
        assertThat(error(400, url("catalog/services", "from", "now-1h\u0000")))
                .isEqualTo("parameter 'from' holds the control character U+0000 at index 6; control characters are not allowed");
        assertThat(error(400, url("catalog/services", "unknown", "\u007f")))
                .isEqualTo("parameter 'unknown' holds the control character U+007F at index 0; control characters are not allowed");
        assertThat(error(400, url("catalog/services") + "?a%C2%85b=1"))
                .isEqualTo("a parameter name holds the control character U+0085 at index 1; control characters are not allowed");
    }

    @Test
    void parametersThatNameALabelMustBeLabelNames() {
        assertThat(error(400, url("timeline", "profileType", CPU, "groupBy", "pod name")))
                .isEqualTo("parameter 'groupBy' must be a label name: [a-zA-Z_][a-zA-Z0-9_.]*");
        assertThat(error(400, url("catalog/label-values", "name", "9pod")))
                .isEqualTo("parameter 'name' must be a label name: [a-zA-Z_][a-zA-Z0-9_.]*");
    }

    @Test
    void aQueryStringTheContainerCannotReadIsRefused() {
        String unreadable = "the query string cannot be read: it must be at most 100 parameters, each name and value percent-encoded UTF-8";
        assertThat(error(400, url("catalog/services") + "?query=%FF%FE")).isEqualTo(unreadable);
        assertThat(error(400, url("catalog/services") + "?" + "a=1&".repeat(101))).isEqualTo(unreadable);
        RawHttp.Answer badEscape = RawHttp.send(port, "GET /api/v1/catalog/services?query=%ZZ HTTP/1.1", "Host: localhost");
        assertThat(badEscape.status()).isEqualTo(400);
        assertThat(onlyError(badEscape.header("Content-Type"), badEscape.body())).isEqualTo(unreadable);
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
        return onlyError(answer.contentType(), answer.text());
    }
}

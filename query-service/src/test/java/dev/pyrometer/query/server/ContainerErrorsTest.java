package dev.pyrometer.query.server;

import dev.pyrometer.query.support.RawHttp;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests that fail in Tomcat itself, before any handler runs, answer JSON {@code {"error": "..."}} with a
 * fitting status, never Tomcat's HTML page. Sent over real sockets to the embedded Tomcat, whose request line
 * and headers may take 16 KB (the default of PYROMETER_QUERY_MAX_REQUEST_HEADER_SIZE).
 */
class ContainerErrorsTest extends RunningQueryService {
    private static final String LIMIT = "the request line and headers may take at most 16384 bytes (PYROMETER_QUERY_MAX_REQUEST_HEADER_SIZE)";
    private static final String BAD_REQUEST = "bad request: the request line or a header is malformed, or the URL holds a character"
            + " that must be percent-encoded; URL-encode every parameter value (curl -G --data-urlencode)";

    @Test
    void aUrlOverTheLimitIs414() {
        Answer answer = get(url("top", "profileType", CPU, "query", "{pod=\"" + "a".repeat(100_000) + "\"}"));

        assertThat(answer.status()).isEqualTo(414);
        assertThat(onlyError(answer.contentType(), answer.text())).isEqualTo("URI too long: " + LIMIT + "; ask with a shorter selector");
    }

    @Test
    void headersOverTheLimitAre431() {
        Answer answer = get(url("top", "profileType", CPU), Map.of("X-Padding", "b".repeat(20_000)));

        assertThat(answer.status()).isEqualTo(431);
        assertThat(onlyError(answer.contentType(), answer.text())).isEqualTo("request header fields too large: " + LIMIT);
    }

    @Test
    void aUrlWithinTheLimitIsAnswered() {
        String selector = "{service_name=\"golden-cpu\", pod!=\"" + "a".repeat(12_000) + "\"}";

        assertThat(ok(url("top", "profileType", CPU, "query", selector, "from", GOLDEN_FROM, "to", GOLDEN_TO)).at("/window/series").asInt())
                .isEqualTo(1);
    }

    @Test
    void malformedRequestLinesAndHeadersAre400() {
        String[][] requests = {
                {"GET /api/v1/top?query={service_name=\"api\"} HTTP/1.1", "Host: localhost"},
                {"GET /api/v1/top?query=a|b HTTP/1.1", "Host: localhost"},
                {"GET /api/v1/%00 HTTP/1.1", "Host: localhost"},
                {"GET /api/v1/catalog%2Fservices HTTP/1.1", "Host: localhost"},
                {"G(T /api/v1/top HTTP/1.1", "Host: localhost"},
                {"GET /api/v1/top HTTP/1.1", "Host: localhost", "Bad Header: x"},
                {"GET /api/v1/top HTTP/1.1", "Host: localhost", "X-Scope-OrgID: a\u0001b"},
                {"GET /api/v1/top HTTP/1.1"},
        };
        for (String[] request : requests) {
            RawHttp.Answer answer = send(request);
            assertThat(answer.status()).as(request[0]).isEqualTo(400);
            assertThat(onlyError(answer.header("Content-Type"), answer.body())).as(request[0]).isEqualTo(BAD_REQUEST);
        }
    }

    @Test
    void anUnknownVersionOrTransferEncodingKeepsTomcatsStatus() {
        RawHttp.Answer version = send("GET /api/v1/top HTTP/9.9", "Host: localhost");
        assertThat(version.status()).isEqualTo(505);
        assertThat(onlyError(version.header("Content-Type"), version.body())).isEqualTo("HTTP version not supported: use HTTP/1.1");

        RawHttp.Answer encoding = send("GET /api/v1/top HTTP/1.1", "Host: localhost", "Transfer-Encoding: zip");
        assertThat(encoding.status()).isEqualTo(501);
        assertThat(onlyError(encoding.header("Content-Type"), encoding.body())).isEqualTo("not implemented");
    }

    @Test
    void traceIsRefusedInTheSameShape() {
        RawHttp.Answer answer = send("TRACE /api/v1/top HTTP/1.1", "Host: localhost");

        assertThat(answer.status()).isEqualTo(405);
        assertThat(onlyError(answer.header("Content-Type"), answer.body())).isEqualTo("method not allowed");
    }

    private RawHttp.Answer send(String requestLine, String... headers) {
        return RawHttp.send(port, requestLine, headers);
    }

    private RawHttp.Answer send(String[] request) {
        return RawHttp.send(port, request[0], java.util.Arrays.copyOfRange(request, 1, request.length));
    }
}

package dev.pyrometer.query.pyroscope;

import dev.pyrometer.protocol.pyroscope.querier.v1.SelectMergeStacktracesRequest;
import dev.pyrometer.protocol.pyroscope.querier.v1.SelectSeriesRequest;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelValuesRequest;
import dev.pyrometer.query.support.RunningQueryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad calls are Connect errors: a JSON {@code {"code", "message"}} body with the code's HTTP status, naming the problem. */
class QuerierErrorsTest extends RunningQueryService {
    private ConnectClient connect;

    @BeforeEach
    void client() {
        connect = new ConnectClient(port);
    }

    @Test
    void aSelectorThatDoesNotParseIsInvalidArgumentNamingTheField() {
        assertError(post("SelectMergeStacktraces", request().setLabelSelector("{service_name=\"a\"").build()), 400, "invalid_argument",
                "parameter 'label_selector': invalid selector at position 17: expected ',' or '}' after service_name=\"a\" but the selector ends there");
        assertError(post("LabelValues", LabelValuesRequest.newBuilder().setName("pod").addMatchers("{pod=~\"(\"}").build()), 400,
                "invalid_argument", null);
    }

    @Test
    void aMalformedOrMissingProfileTypeIsInvalidArgument() {
        assertError(post("SelectMergeStacktraces", request().setProfileTypeID("process_cpu:cpu").build()), 400, "invalid_argument",
                "profile_typeID: profile type 'process_cpu:cpu' must have five ':'-separated parts: name:sample_type:sample_unit:period_type:period_unit");
        assertError(post("SelectSeries", SelectSeriesRequest.newBuilder().setLabelSelector("{}").build()), 400, "invalid_argument",
                "profile_typeID is required, e.g. process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    }

    @Test
    void startAfterEndIsInvalidArgument() {
        assertError(post("SelectMergeStacktraces", request().setStart(GOLDEN_TO.toEpochMilli()).setEnd(GOLDEN_FROM.toEpochMilli()).build()),
                400, "invalid_argument", "start (" + GOLDEN_TO + ") must be before end (" + GOLDEN_FROM + ")");
        assertError(post("SelectMergeStacktraces", request().setStart(-5_000).build()), 400, "invalid_argument", null);
    }

    @Test
    void aBodyThatDoesNotDecodeIsInvalidArgument() {
        JsonNode proto = assertError(connect.post("SelectMergeStacktraces", "application/proto", new byte[] {(byte) 0xff, 0x01}, Map.of()),
                400, "invalid_argument", null);
        assertThat(proto.get("message").asString()).startsWith("the body is not a valid application/proto querier.v1.SelectMergeStacktracesRequest");
        JsonNode json = assertError(connect.post("SelectMergeStacktraces", "application/json", "{\"start\": \"soon\"".getBytes(StandardCharsets.UTF_8),
                Map.of()), 400, "invalid_argument", null);
        assertThat(json.get("message").asString()).startsWith("the body is not a valid application/json querier.v1.SelectMergeStacktracesRequest");
    }

    @Test
    void anUnknownMethodIsNotFoundAndAnOtherContentTypeIsInvalidArgument() {
        assertError(post("SelectSomething", request().build()), 404, "not_found", "no method SelectSomething in querier.v1.QuerierService");
        assertError(connect.post("ProfileTypes", "text/plain", new byte[0], Map.of()), 400, "invalid_argument",
                "content type 'text/plain' is not a Connect unary encoding; send application/proto or application/json");
    }

    /** Resending the same body cannot succeed, so the refusal is permanent: invalid_argument, never resource_exhausted. */
    @Test
    void aBodyOverTheLimitIsInvalidArgumentNamingItsSizeAndTheLimit() {
        byte[] big = new byte[(1 << 20) + 1];
        assertError(connect.post("ProfileTypes", "application/proto", big, Map.of()), 400, "invalid_argument",
                "the request body is 1048577 bytes, more than the limit of 1048576 bytes (pyrometer.query.connect-max-body-size)");
    }

    @Test
    void aBadTenantIsInvalidArgument() {
        assertError(connect.post("ProfileTypes", "application/json", "{}".getBytes(StandardCharsets.UTF_8), Map.of("X-Scope-OrgID", "a/b")),
                400, "invalid_argument", "tenant (header X-Scope-OrgID or parameter 'tenant') must be 1 to 64 of [A-Za-z0-9_.-]");
    }

    private ConnectClient.Reply post(String method, com.google.protobuf.Message request) {
        return connect.post(method, "application/json", ConnectClient.print(request).getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static SelectMergeStacktracesRequest.Builder request() {
        return SelectMergeStacktracesRequest.newBuilder().setProfileTypeID(CPU).setLabelSelector("{service_name=\"golden-cpu\"}")
                .setStart(GOLDEN_FROM.toEpochMilli()).setEnd(GOLDEN_TO.toEpochMilli());
    }

    /** Asserts a Connect error answer; a null message is not compared. Returns the body. */
    private static JsonNode assertError(ConnectClient.Reply reply, int status, String code, String message) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.contentType()).isEqualTo("application/json");
        JsonNode body = JSON.readTree(reply.text());
        assertThat(body.propertyNames()).containsExactly("code", "message");
        assertThat(body.get("code").asString()).isEqualTo(code);
        if (message != null) {
            assertThat(body.get("message").asString()).isEqualTo(message);
        }
        return body;
    }

}

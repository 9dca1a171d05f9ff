package dev.pyrometer.protocol.connect;

import dev.pyrometer.protocol.pyroscope.querier.v1.SelectMergeStacktracesRequest;
import dev.pyrometer.protocol.pyroscope.types.v1.LabelNamesResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectCodecTest {
    private static final SelectMergeStacktracesRequest REQUEST = SelectMergeStacktracesRequest.newBuilder()
            .setProfileTypeID("process_cpu:cpu:nanoseconds:cpu:nanoseconds")
            .setLabelSelector("{service_name=\"api\"}")
            .setStart(1_676_282_400_000L)
            .setEnd(1_676_289_600_000L)
            .setMaxNodes(1024)
            .build();

    @Test
    void protoAndJsonBodiesDecodeToTheSameMessage() {
        byte[] proto = ConnectCodec.encode(ConnectCodec.Encoding.PROTO, REQUEST);
        String json = "{\"profileTypeID\":\"process_cpu:cpu:nanoseconds:cpu:nanoseconds\",\"labelSelector\":\"{service_name=\\\"api\\\"}\","
                + "\"start\":\"1676282400000\",\"end\":1676289600000,\"maxNodes\":\"1024\",\"someFutureField\":true}";

        assertThat(ConnectCodec.decode(ConnectCodec.Encoding.PROTO, proto, SelectMergeStacktracesRequest.newBuilder()).build())
                .isEqualTo(REQUEST);
        assertThat(ConnectCodec.decode(ConnectCodec.Encoding.JSON, json.getBytes(StandardCharsets.UTF_8),
                SelectMergeStacktracesRequest.newBuilder()).build()).isEqualTo(REQUEST);
    }

    @Test
    void jsonResponsesUseTheCanonicalMapping() {
        LabelNamesResponse names = LabelNamesResponse.newBuilder().addNames("service_name").addNames("env").build();

        assertThat(new String(ConnectCodec.encode(ConnectCodec.Encoding.JSON, names), StandardCharsets.UTF_8))
                .isEqualTo("{\"names\":[\"service_name\",\"env\"]}");
        assertThat(new String(ConnectCodec.encode(ConnectCodec.Encoding.JSON, REQUEST), StandardCharsets.UTF_8))
                .contains("\"profileTypeID\":\"process_cpu:cpu:nanoseconds:cpu:nanoseconds\"", "\"start\":\"1676282400000\"");
    }

    @Test
    void encodingFollowsTheContentTypeAndRefusesOthers() {
        assertThat(ConnectCodec.Encoding.of("application/json; charset=utf-8")).isEqualTo(ConnectCodec.Encoding.JSON);
        assertThat(ConnectCodec.Encoding.of("Application/Proto")).isEqualTo(ConnectCodec.Encoding.PROTO);
        assertThatThrownBy(() -> ConnectCodec.Encoding.of("text/plain"))
                .isInstanceOfSatisfying(ConnectException.class, e -> assertThat(e.code()).isEqualTo(ConnectCode.INVALID_ARGUMENT))
                .hasMessage("content type 'text/plain' is not a Connect unary encoding; send application/proto or application/json");
        assertThatThrownBy(() -> ConnectCodec.Encoding.of(null)).isInstanceOf(ConnectException.class);
    }

    @Test
    void bodiesThatDoNotParseAreInvalidArguments() {
        assertThatThrownBy(() -> ConnectCodec.decode(ConnectCodec.Encoding.PROTO, new byte[]{(byte) 0xff, 0x01},
                SelectMergeStacktracesRequest.newBuilder()))
                .isInstanceOfSatisfying(ConnectException.class, e -> assertThat(e.code()).isEqualTo(ConnectCode.INVALID_ARGUMENT))
                .hasMessageStartingWith("the body is not a valid application/proto querier.v1.SelectMergeStacktracesRequest: ");
        assertThatThrownBy(() -> ConnectCodec.decode(ConnectCodec.Encoding.JSON, "{\"start\":\"soon\"}".getBytes(StandardCharsets.UTF_8),
                SelectMergeStacktracesRequest.newBuilder()))
                .hasMessageStartingWith("the body is not a valid application/json querier.v1.SelectMergeStacktracesRequest: ");
    }

    @Test
    void errorBodiesNameTheCodeAndEscapeTheMessage() {
        ConnectException error = new ConnectException(ConnectCode.RESOURCE_EXHAUSTED, "queue \"full\"\n\u0001retry");

        assertThat(new String(ConnectCodec.errorBody(error), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":\"resource_exhausted\",\"message\":\"queue \\\"full\\\"\\n\\u0001retry\"}");
        assertThat(error.code().httpStatus()).isEqualTo(429);
        assertThat(ConnectCode.UNAUTHENTICATED.httpStatus()).isEqualTo(401);
        assertThat(ConnectCode.UNIMPLEMENTED.wireName()).isEqualTo("unimplemented");
    }
}

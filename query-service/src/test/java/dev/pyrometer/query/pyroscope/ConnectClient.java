package dev.pyrometer.query.pyroscope;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls querier.v1.QuerierService over Connect as a client would, in the binary and the JSON encoding. */
final class ConnectClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Reply(int status, String contentType, Map<String, java.util.List<String>> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String base;

    ConnectClient(int port) {
        this.base = "http://127.0.0.1:" + port + "/querier.v1.QuerierService/";
    }

    Reply post(String method, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + method)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.headers().map(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Calls {@code method} in both encodings; both must answer 200 with the same message, which is returned. */
    @SuppressWarnings("unchecked")
    <T extends Message> T call(String method, Message request, T prototype, Map<String, String> headers) {
        Reply binary = post(method, "application/proto", request.toByteArray(), headers);
        assertThat(binary.status()).as("%s (proto): %s", method, binary.text()).isEqualTo(200);
        assertThat(binary.contentType()).isEqualTo("application/proto");
        Reply json = post(method, "application/json", print(request).getBytes(StandardCharsets.UTF_8), headers);
        assertThat(json.status()).as("%s (json): %s", method, json.text()).isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        try {
            T fromBinary = (T) prototype.getParserForType().parseFrom(binary.body());
            Message.Builder fromJson = prototype.newBuilderForType();
            JsonFormat.parser().merge(json.text(), fromJson);
            assertThat(fromJson.build()).as("%s: the JSON answer is the binary one", method).isEqualTo(fromBinary);
            return fromBinary;
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    <T extends Message> T call(String method, Message request, T prototype) {
        return call(method, request, prototype, Map.of());
    }

    static String print(Message message) {
        try {
            return JsonFormat.printer().print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}

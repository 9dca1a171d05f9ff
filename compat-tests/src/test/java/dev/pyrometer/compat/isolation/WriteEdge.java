package dev.pyrometer.compat.isolation;

import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Label;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A write edge of the matrix: pushes one marked profile of a service and answers what the edge said, as the
 * HTTP status ({@code 200}, {@code 401}, {@code 403}) — gRPC codes are mapped to those (OK, UNAUTHENTICATED,
 * PERMISSION_DENIED) and shown by name when they are anything else.
 */
public interface WriteEdge {
    String name();

    /** Pushes {@code pprofGz} as service {@code service}, at {@code at}, with the credential; the answer's status. */
    String push(Credential credential, String service, byte[] pprofGz, Instant at);

    /** Pyroscope's {@code POST /ingest} at {@code baseUrl} (query-service forwards it, ingest-service serves it). */
    static WriteEdge ingest(String name, Https http, String baseUrl) {
        return new WriteEdge() {
            public String name() {
                return name;
            }

            public String push(Credential credential, String service, byte[] pprofGz, Instant at) {
                String url = baseUrl + "/ingest?name=" + URLEncoder.encode(service + "{}", StandardCharsets.UTF_8)
                        + "&from=" + at.getEpochSecond() + "&until=" + (at.getEpochSecond() + 10) + "&format=pprof";
                return Integer.toString(http.send("POST", url, headers(credential, "application/octet-stream"), pprofGz).status());
            }
        };
    }

    /** The Connect {@code POST /push.v1.PusherService/Push} (JSON) at {@code baseUrl}. */
    static WriteEdge connect(String name, Https http, String baseUrl) {
        return new WriteEdge() {
            public String name() {
                return name;
            }

            public String push(Credential credential, String service, byte[] pprofGz, Instant at) {
                String body = "{\"series\":[{\"labels\":[{\"name\":\"__name__\",\"value\":\"process_cpu\"},{\"name\":\"service_name\",\"value\":\""
                        + service + "\"}],\"samples\":[{\"rawProfile\":\"" + Base64.getEncoder().encodeToString(pprofGz) + "\",\"ID\":\""
                        + UUID.randomUUID() + "\"}]}]}";
                return Integer.toString(http.send("POST", baseUrl + "/push.v1.PusherService/Push", headers(credential, "application/json"),
                        body.getBytes(StandardCharsets.UTF_8)).status());
            }
        };
    }

    /** The agents' gRPC {@code IngestService/Push} on {@code channel}, the token in {@code authorization} metadata. */
    static WriteEdge grpc(String name, ManagedChannel channel) {
        return new WriteEdge() {
            public String name() {
                return name;
            }

            public String push(Credential credential, String service, byte[] pprofGz, Instant at) {
                Metadata metadata = new Metadata();
                if (credential.token() != null) {
                    metadata.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), credential.authorization());
                }
                if (credential.narrowTo() != null) {
                    metadata.put(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER), credential.narrowTo());
                }
                long start = at.getEpochSecond() * 1_000_000_000L;
                RawProfile profile = RawProfile.newBuilder().setId(UUID.randomUUID().toString()).setPprof(ByteString.copyFrom(pprofGz))
                        .addLabels(Label.newBuilder().setName("service_name").setValue(service)).setProfileName("process_cpu")
                        .setStartTimeUnixNanos(start).setEndTimeUnixNanos(start + 10_000_000_000L).build();
                try {
                    IngestServiceGrpc.newBlockingStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                            .withDeadlineAfter(30, TimeUnit.SECONDS).push(PushRequest.newBuilder().addProfiles(profile).build());
                    return "200";
                } catch (StatusRuntimeException e) {
                    Status.Code code = e.getStatus().getCode();
                    return switch (code) {
                        case UNAUTHENTICATED -> "401";
                        case PERMISSION_DENIED -> "403";
                        default -> code.name();
                    };
                }
            }
        };
    }

    private static Map<String, String> headers(Credential credential, String contentType) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Authorization", credential.authorization());
        headers.put("X-Scope-OrgID", credential.byParameter() ? null : credential.narrowTo());
        return headers;
    }

}

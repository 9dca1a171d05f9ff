package dev.pyrometer.ingest.limits;

import dev.pyrometer.auth.Scope;
import dev.pyrometer.auth.tenant.TenantLimits;
import dev.pyrometer.auth.tenant.TenantService;
import dev.pyrometer.ingest.support.TokenIngestService;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.pyrometer.ingest.support.IngestTestKit.push;
import static dev.pyrometer.ingest.support.IngestTestKit.validProfile;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant ingest limits on the running service: rates and the series cap. Tenant A, limited to 5 profiles/s (a burst of 10), pushes 100
 * profiles in 20 back-to-back pushes of 5 (each push after the burst needs a second of refill, so A runs far over
 * its rate); tenant B, with the same limit, pushes one profile between A's pushes, inside its own burst. Outcomes
 * are counted: A is refused with RESOURCE_EXHAUSTED and a retry hint, every push of B succeeds.
 */
class TenantIngestLimitTest extends TokenIngestService {
    private static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("pyrometer-retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    @Autowired
    TenantService tenants;
    @Autowired
    MeterRegistry registry;

    @Test
    void aNoisyTenantIsRefusedWhileAnotherPushesAtItsNormalRate() throws Exception {
        tenants.create("limit-a", new TenantLimits(5.0, null, null, null), "test");
        tenants.create("limit-b", new TenantLimits(5.0, null, null, null), "test");
        String a = bearer(token("limit-a", Scope.PUSH));
        String b = bearer(token("limit-b", Scope.PUSH));

        int acceptedA = 0;
        List<StatusRuntimeException> refusedA = new ArrayList<>();
        int acceptedB = 0;
        for (int i = 0; i < 20; i++) {
            List<RawProfile> five = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
                five.add(validProfile("limit-a-" + i + "-" + j, "limit-a"));
            }
            try {
                stub(a, null).push(push(five));
                acceptedA++;
            } catch (StatusRuntimeException e) {
                refusedA.add(e);
            }
            if (i % 3 == 0) {
                stub(b, null).push(push(validProfile("limit-b-" + i, "limit-b")));
                acceptedB++;
            }
        }

        System.out.printf("tenant limits: A pushed 20 x 5 profiles at 5/s: %d accepted, %d refused; B pushed 7 x 1: %d accepted%n",
                acceptedA, refusedA.size(), acceptedB);
        assertThat(acceptedB).isEqualTo(7);
        assertThat(acceptedA).as("the burst of 10 admits the first two pushes").isGreaterThanOrEqualTo(2);
        assertThat(refusedA).isNotEmpty().allSatisfy(refusal -> {
            assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(refusal.getStatus().getDescription()).startsWith("tenant limit-a is over its ingest limit of 5 profiles/s: retry after ");
            assertThat(Long.parseLong(refusal.getTrailers().get(RETRY_AFTER_MS))).isPositive();
        });
        assertThat(profiles("limit-a")).as("two sample types a profile").isEqualTo(acceptedA * 5L * 2);
        assertThat(profiles("limit-b")).isEqualTo(7L * 2);
        assertThat(registry.get("pyrometer.ingest.tenant.limited").tag("tenant", "limit-a").tag("limit", "profiles_per_second")
                .counter().count()).isEqualTo(refusedA.size());
        assertThat(registry.find("pyrometer.ingest.tenant.limited").tag("tenant", "limit-b").counters()).isEmpty();
    }

    @Test
    void overTheRateTheHttpEdgeAnswers429WithRetryAfter() throws Exception {
        // A burst of 0.02 profiles: the first push is admitted (the bucket is full) and leaves ~100 s of debt.
        tenants.create("limit-http", new TenantLimits(0.01, null, null, null), "test");
        String token = token("limit-http", Scope.PUSH);
        HttpClient http = HttpClient.newHttpClient();

        assertThat(ingest(http, token, "limit-http-1").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = ingest(http, token, "limit-http-2");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).startsWith("tenant limit-http is over its ingest limit of 0.01 profiles/s: retry after ");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(90L, 100L);
        assertThat(profiles("limit-http")).isEqualTo(1);
    }

    @Test
    void atItsSeriesLimitATenantMayWriteItsSeriesButCreateNoNewOne() throws Exception {
        tenants.create("limit-series", new TenantLimits(null, null, 2L, null), "test");
        String token = bearer(token("limit-series", Scope.PUSH));
        // One profile of the capture makes two series (its two sample types).
        stub(token, null).push(push(validProfile("limit-series-1", "series-1")));
        stub(token, null).push(push(validProfile("limit-series-2", "series-1")));

        StatusRuntimeException refusal = org.assertj.core.api.Assertions.catchThrowableOfType(StatusRuntimeException.class,
                () -> stub(token, null).push(push(validProfile("limit-series-3", "series-2"))));

        assertThat(refusal.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(refusal.getStatus().getDescription()).startsWith("tenant limit-series holds 2 series, its limit (max_series) is 2:"
                + " this push would create the new series ").contains("series-2", "nothing of it was stored");
        assertThat(profiles("limit-series")).isEqualTo(4);
        assertThat(registry.get("pyrometer.ingest.tenant.limited").tag("tenant", "limit-series").tag("limit", "max_series")
                .counter().count()).isEqualTo(1);
    }

    private HttpResponse<String> ingest(HttpClient http, String token, String env) throws Exception {
        String name = URLEncoder.encode("limit-app.cpu{env=" + env + "}", StandardCharsets.UTF_8);
        long from = System.currentTimeMillis() / 1000 - 60;
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ingest?name=" + name + "&from=" + from
                                + "&until=" + (from + 10) + "&format=folded&sampleRate=100"))
                        .header("Authorization", bearer(token)).POST(HttpRequest.BodyPublishers.ofString("main;work 5\n")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

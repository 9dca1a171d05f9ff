package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.query.support.QueryFixture;
import dev.pyrometer.query.support.RunningQueryService;
import dev.pyrometer.storage.testing.Captures;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.pyrometer.query.support.QueryFixture.CPU;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_FROM;
import static dev.pyrometer.query.support.QueryFixture.GOLDEN_TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants are isolated: the tenant is the {@code X-Scope-OrgID} header, else the {@code tenant} parameter,
 * else "default". Tenants default and acme both have a service golden-cpu (acme's holds only cpu-6).
 */
class TenancyTest extends RunningQueryService {
    @Test
    void theHeaderOrTheParameterChoosesTheTenant() {
        String url = topUrl();
        long acme = Captures.split("cpu-6.pb.gz", "golden-cpu", 1).stream().filter(p -> p.type().id().equals(CPU))
                .mapToLong(SeriesProfile::total).sum();
        long defaults = total(get(url));

        assertThat(total(get(url, Map.of("X-Scope-OrgID", "acme")))).isEqualTo(acme);
        assertThat(total(get(url + "&tenant=acme"))).isEqualTo(acme);
        assertThat(total(get(url + "&tenant=default"))).isEqualTo(defaults);
        assertThat(total(get(url, Map.of("X-Scope-OrgID", "default")))).isEqualTo(defaults);
        assertThat(defaults).isNotEqualTo(acme);
        assertThat(total(get(url + "&tenant=default", Map.of("X-Scope-OrgID", "acme")))).as("the header wins").isEqualTo(acme);
    }

    @Test
    void anUnknownTenantSeesNothing() {
        String url = topUrl();
        assertThat(total(get(url, Map.of("X-Scope-OrgID", "initech")))).isZero();
        assertThat(ok(url("catalog/services", "tenant", "initech", "from", t(QueryFixture.DAY0), "to", t(QueryFixture.day(7))))
                .get("services")).isEmpty();
    }

    private String topUrl() {
        return url("top", "profileType", CPU, "query", service("golden-cpu"), "from", t(GOLDEN_FROM), "to", t(GOLDEN_TO));
    }

    private static long total(Answer answer) {
        assertThat(answer.status()).isEqualTo(200);
        return answer.json().at("/window/total").asLong();
    }
}

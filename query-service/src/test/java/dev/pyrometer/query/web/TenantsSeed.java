package dev.pyrometer.query.web;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.storage.testing.Captures;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.storage.testing.TestDatabase;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three tenants with services of their own (real Go CPU captures, one a minute over the half hour before "now"):
 * {@link #A} has {@link #A_SERVICES}, {@link #B} has {@link #B_SERVICES}, {@link #C} (which no test token may
 * read) has {@link #C_SERVICE}. No service name is shared, so any cross-tenant leak shows by name.
 */
final class TenantsSeed {
    static final String A = "team-a";
    static final String B = "team-b";
    static final String C = "team-c";
    static final List<String> A_SERVICES = List.of("alpha-api", "alpha-worker");
    static final List<String> B_SERVICES = List.of("beta-api");
    static final String C_SERVICE = "gamma-secret";
    static final Duration SPAN = Duration.ofMinutes(30);

    private TenantsSeed() {
    }

    static HikariDataSource create(Instant now) {
        HikariDataSource dataSource = TestDatabase.create();
        try {
            List<Upload> uploads = new ArrayList<>();
            Map<String, List<String>> services = Map.of(A, A_SERVICES, B, B_SERVICES, C, List.of(C_SERVICE));
            for (int minute = 0; minute < SPAN.toMinutes(); minute++) {
                Instant at = now.minus(SPAN).plusSeconds(60L * minute + 10);
                String capture = "cpu-" + (minute % Fixtures.ROUNDS + 1) + ".pb.gz";
                for (Map.Entry<String, List<String>> tenant : services.entrySet()) {
                    for (String service : tenant.getValue()) {
                        uploads.add(new Upload(tenant.getKey(), service + "-" + minute, Captures.split(capture, service, at)));
                    }
                }
            }
            assertThat(new Store(dataSource).writer().write(uploads)).containsOnly(WriteOutcome.STORED);
            return dataSource;
        } catch (SQLException | RuntimeException e) {
            dataSource.close();
            throw new IllegalStateException("cannot seed the tenants test database", e);
        }
    }
}

package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.RunningIngestService;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.write.Receipts;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static dev.pyrometer.ingest.support.IngestTestKit.count;
import static dev.pyrometer.ingest.support.IngestTestKit.push;
import static dev.pyrometer.ingest.support.IngestTestKit.stub;
import static dev.pyrometer.ingest.support.IngestTestKit.validProfile;
import static org.assertj.core.api.Assertions.assertThat;

/** The x-scope-orgid header decides the tenant; without it profiles belong to "default". */
class TenancyTest extends RunningIngestService {

    @Test
    void theTenantHeaderSelectsTheTenantAndItsAbsenceTheDefaultOne() throws SQLException {
        // The same id and labels under two tenants: two independent profiles, neither a duplicate.
        PushRequest request = push(validProfile("tenancy-1", "tenancy"));

        List<ProfileResult> acme = stub(channel, "acme").push(request).getResultsList();
        List<ProfileResult> unnamed = stub(channel, null).push(request).getResultsList();

        assertThat(acme).extracting(ProfileResult::getOutcome).containsExactly(Outcome.OUTCOME_ACCEPTED);
        assertThat(unnamed).extracting(ProfileResult::getOutcome).containsExactly(Outcome.OUTCOME_ACCEPTED);
        assertThat(count(database(), "SELECT count(*) FROM tenant WHERE name = 'acme'")).isEqualTo(1);

        long receipt = Receipts.of("tenancy-1");
        assertThat(rows("SELECT t.name, s.profile_type FROM series s JOIN tenant t ON t.id = s.tenant_id "
                + "WHERE s.labels->>'env' = 'tenancy' ORDER BY 1, 2")).containsExactly(
                "acme process_cpu:cpu:nanoseconds:cpu:nanoseconds",
                "acme process_cpu:samples:count:cpu:nanoseconds",
                "default process_cpu:cpu:nanoseconds:cpu:nanoseconds",
                "default process_cpu:samples:count:cpu:nanoseconds");
        // Each profile row carries its series' tenant.
        assertThat(rows("SELECT t.name, s.profile_type FROM " + RawRows.all() + " p JOIN tenant t ON t.id = p.tenant_id "
                + "JOIN series s ON s.id = p.series_id AND s.tenant_id = p.tenant_id WHERE p.receipt = " + receipt + " ORDER BY 1, 2"))
                .containsExactly(
                        "acme process_cpu:cpu:nanoseconds:cpu:nanoseconds",
                        "acme process_cpu:samples:count:cpu:nanoseconds",
                        "default process_cpu:cpu:nanoseconds:cpu:nanoseconds",
                        "default process_cpu:samples:count:cpu:nanoseconds");
        // acme's symbols live in acme's dictionaries.
        assertThat(count(database(), "SELECT count(*) FROM symbol_stack s JOIN tenant t ON t.id = s.tenant_id WHERE t.name = 'acme'"))
                .isPositive();
    }

    @Test
    void anEmptyTenantHeaderMeansTheDefaultTenant() throws SQLException {
        List<ProfileResult> results = stub(channel, "").push(push(validProfile("tenancy-empty-header", "tenancy-empty"))).getResultsList();

        assertThat(results).extracting(ProfileResult::getOutcome).containsExactly(Outcome.OUTCOME_ACCEPTED);
        assertThat(rows("SELECT DISTINCT t.name FROM " + RawRows.all() + " p JOIN tenant t ON t.id = p.tenant_id WHERE p.receipt = "
                + Receipts.of("tenancy-empty-header"))).containsExactly("default");
        assertThat(count(database(), "SELECT count(*) FROM tenant WHERE name = ''")).isZero();
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection connection = database().getConnection(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? " " : "").append(rows.getString(i));
                }
                result.add(row.toString());
            }
        }
        return result;
    }
}

package dev.pyrometer.agent.testing;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.read.ProfileReader;
import dev.pyrometer.storage.read.StoredProfile;
import dev.pyrometer.storage.write.Receipts;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What ingest-service stored, read back with storage's {@link ProfileReader} and plain SQL. */
public final class StoredProfiles {
    private static final long DAY = TimeUnit.DAYS.toNanos(1);

    private final DataSource dataSource;
    private final ProfileReader reader;

    public StoredProfiles(DataSource dataSource) {
        this.dataSource = dataSource;
        this.reader = new ProfileReader(dataSource);
    }

    /** Profile type id → label set, for every series of the service. */
    public Map<String, LabelSet> series(String service) throws SQLException {
        Map<String, LabelSet> result = new LinkedHashMap<>();
        for (long id : seriesIds(service, null)) {
            List<StoredProfile> any = reader.read(id, now() - DAY, now() + DAY);
            if (!any.isEmpty()) {
                result.put(any.get(0).profile().type().id(), any.get(0).profile().labels());
            }
        }
        return result;
    }

    /** Every snapshot of the service's series of {@code profileType}, oldest first. */
    public List<SeriesProfile> profiles(String service, String profileType) throws SQLException {
        List<SeriesProfile> result = new ArrayList<>();
        for (long id : seriesIds(service, profileType)) {
            reader.read(id, now() - DAY, now() + DAY).forEach(stored -> result.add(stored.profile()));
        }
        result.sort(Comparator.comparingLong(SeriesProfile::timeNanos));
        return result;
    }

    public FunctionTotals top(String service, String profileType) throws SQLException {
        return FunctionTotals.of(profiles(service, profileType));
    }

    /** Rows stored for an idempotency id (one per series the profile made). */
    public int rowsFor(String idempotencyId) throws SQLException {
        return count("SELECT count(*) FROM " + RawRows.all() + " AS p WHERE receipt = ?", Receipts.of(idempotencyId));
    }

    public int rowsOf(String service) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT count(*) FROM " + RawRows.all() + " AS p JOIN series s ON s.id = p.series_id WHERE s.service_name = ?")) {
            statement.setString(1, service);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private int count(String sql, long receipt) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, receipt);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private List<Long> seriesIds(String service, String profileType) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT id FROM series WHERE service_name = ? AND (? IS NULL OR profile_type = ?) ORDER BY id")) {
            statement.setString(1, service);
            statement.setString(2, profileType);
            statement.setString(3, profileType);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    private static long now() {
        return System.currentTimeMillis() * 1_000_000L;
    }
}

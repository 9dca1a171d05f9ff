package dev.pyrometer.storage.query;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.storage.db.SqlArrays;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Finds series: by tenant, optionally narrowed by profile type and service, and by data in a window. Thread-safe. */
public final class SeriesCatalog {
    private final DataSource dataSource;

    public SeriesCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The id of a tenant, empty when it never pushed anything. */
    public Optional<Integer> tenantId(String tenant) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT id FROM tenant WHERE name = ?")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(rows.getInt(1)) : Optional.empty();
            }
        }
    }

    /**
     * The series of a tenant, oldest first.
     *
     * @param profileType a profile type id, or null for all types
     * @param serviceName a service, or null for all services
     */
    public List<SeriesInfo> series(int tenantId, String profileType, String serviceName) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT s.id, s.tenant_id, s.profile_type, l.key, l.value, s.group_id FROM series s "
                + "LEFT JOIN LATERAL jsonb_each_text(s.labels) AS l ON true WHERE s.tenant_id = ?");
        if (serviceName != null) {
            sql.append(" AND s.service_name = ?");
        }
        if (profileType != null) {
            sql.append(" AND s.profile_type = ?");
        }
        sql.append(" ORDER BY s.id");
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int parameter = 1;
            statement.setInt(parameter++, tenantId);
            if (serviceName != null) {
                statement.setString(parameter++, serviceName);
            }
            if (profileType != null) {
                statement.setString(parameter, profileType);
            }
            return collect(statement);
        }
    }

    /** The series with id {@code seriesId}, empty when there is none. */
    public Optional<SeriesInfo> byId(long seriesId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT s.id, s.tenant_id, s.profile_type, l.key, l.value, s.group_id FROM series s "
                     + "LEFT JOIN LATERAL jsonb_each_text(s.labels) AS l ON true WHERE s.id = ?")) {
            statement.setLong(1, seriesId);
            return collect(statement).stream().findFirst();
        }
    }

    /**
     * How to read a window of {@code selected} (series of one tenant and one type): whole groups where the selection
     * holds every member, the rest series by series (see {@link GroupCoverage}). One statement.
     */
    public GroupCoverage coverage(int tenantId, List<SeriesInfo> selected, long fromMicros, long toMicros) throws SQLException {
        if (selected.isEmpty()) {
            return GroupCoverage.seriesOnly(selected);
        }
        long[] groupIds = selected.stream().mapToLong(SeriesInfo::groupId).distinct().toArray();
        Map<Long, int[]> sizes = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT group_id, count(*), count(*) FILTER (WHERE first_seen IS NULL OR (first_seen < " + Sql.micros("?")
                             + " AND last_seen > " + Sql.micros("?") + ")) FROM series WHERE tenant_id = ? AND group_id = ANY(?) GROUP BY group_id")) {
            statement.setLong(1, toMicros);
            statement.setLong(2, fromMicros);
            statement.setInt(3, tenantId);
            statement.setArray(4, SqlArrays.int8(connection, groupIds));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    sizes.put(rows.getLong(1), new int[] {rows.getInt(2), rows.getInt(3)});
                }
            }
        }
        return GroupCoverage.of(selected, sizes);
    }

    /** Those of {@code seriesIds} with at least one raw snapshot in {@code [fromMicros, toMicros)}. */
    public Set<Long> withData(long[] seriesIds, long fromMicros, long toMicros) throws SQLException {
        Set<Long> result = new HashSet<>();
        if (seriesIds.length == 0) {
            return result;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT s FROM unnest(?::bigint[]) AS s WHERE EXISTS "
                     + "(SELECT 1 FROM profile p WHERE p.series_id = s AND p.time >= " + Sql.micros("?") + " AND p.time < " + Sql.micros("?") + ")")) {
            statement.setArray(1, SqlArrays.int8(connection, seriesIds));
            statement.setLong(2, fromMicros);
            statement.setLong(3, toMicros);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(rows.getLong(1));
                }
            }
        }
        return result;
    }

    private static List<SeriesInfo> collect(PreparedStatement statement) throws SQLException {
        Map<Long, Row> byId = new LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                Row row = byId.computeIfAbsent(rows.getLong(1), id -> new Row());
                row.tenantId = rows.getInt(2);
                row.type = rows.getString(3);
                row.groupId = rows.getLong(6);
                if (rows.getString(4) != null) {
                    row.labels.put(rows.getString(4), rows.getString(5));
                }
            }
        }
        List<SeriesInfo> result = new ArrayList<>(byId.size());
        byId.forEach((id, row) -> result.add(new SeriesInfo(id, row.tenantId, ProfileType.parse(row.type), LabelSet.of(row.labels), row.groupId)));
        return result;
    }

    /** One series as its label rows arrive. */
    private static final class Row {
        int tenantId;
        String type;
        long groupId;
        final Map<String, String> labels = new TreeMap<>();
    }
}

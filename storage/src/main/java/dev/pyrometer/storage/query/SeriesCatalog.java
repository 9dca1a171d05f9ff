package dev.pyrometer.storage.query;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.db.SqlArrays;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final SeriesListings listings = new SeriesListings(SeriesListings.DEFAULT_MAX_SERIES);

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
     * The series of a tenant, oldest first. Series are never deleted and their labels and group never change, so a
     * selection's listing is kept (see {@link SeriesListings}) and checked with one count per call: when the count
     * has changed, only the series it has not seen yet are read.
     *
     * @param profileType a profile type id, or null for all types
     * @param serviceName a service, or null for all services
     */
    public List<SeriesInfo> series(int tenantId, String profileType, String serviceName) throws SQLException {
        SeriesListings.Key key = new SeriesListings.Key(tenantId, profileType, serviceName);
        try (Connection connection = dataSource.getConnection()) {
            long count = count(connection, key);
            SeriesListings.Listing known = listings.get(key);
            if (known != null && known.series().size() == count) {
                return known.series();
            }
            // A smaller count than known is a replica behind the primary that answered before: read it all again.
            long[] seen = known == null || known.series().size() > count ? new long[0]
                    : known.series().stream().mapToLong(SeriesInfo::id).toArray();
            List<SeriesInfo> added = read(connection, key, seen);
            List<SeriesInfo> all = new ArrayList<>(seen.length + added.size());
            if (seen.length > 0) {
                all.addAll(known.series());
            }
            all.addAll(added);
            all.sort(Comparator.comparingLong(SeriesInfo::id));
            List<SeriesInfo> listing = List.copyOf(withGroupMembers(all));
            listings.put(key, listing);
            return listing;
        }
    }

    /** {@code series} (a whole listing), each with the number of its group's members among them. */
    private static List<SeriesInfo> withGroupMembers(List<SeriesInfo> series) {
        Map<Long, Integer> members = new HashMap<>();
        series.forEach(info -> members.merge(info.groupId(), 1, Integer::sum));
        return series.stream().map(info -> info.withGroupMembers(members.get(info.groupId()))).toList();
    }

    /** How many series the selection holds now. */
    private static long count(Connection connection, SeriesListings.Key key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM series s WHERE " + where(key))) {
            bind(statement, key, 1);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The series of the selection other than {@code seen}, with their labels. */
    private static List<SeriesInfo> read(Connection connection, SeriesListings.Key key, long[] seen) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT s.id, s.tenant_id, s.profile_type, l.key, l.value, s.group_id "
                + "FROM series s LEFT JOIN LATERAL jsonb_each_text(s.labels) AS l ON true WHERE " + where(key) + " AND s.id <> ALL(?)")) {
            int next = bind(statement, key, 1);
            statement.setArray(next, SqlArrays.int8(connection, seen));
            return collect(statement);
        }
    }

    private static String where(SeriesListings.Key key) {
        return "s.tenant_id = ?" + (key.serviceName() != null ? " AND s.service_name = ?" : "") + (key.profileType() != null ? " AND s.profile_type = ?" : "");
    }

    /** Binds the selection from parameter {@code first}; returns the next parameter's index. */
    private static int bind(PreparedStatement statement, SeriesListings.Key key, int first) throws SQLException {
        int parameter = first;
        statement.setInt(parameter++, key.tenantId());
        if (key.serviceName() != null) {
            statement.setString(parameter++, key.serviceName());
        }
        if (key.profileType() != null) {
            statement.setString(parameter++, key.profileType());
        }
        return parameter;
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
     * holds every member, the rest series by series (see {@link GroupCoverage}). A group's member count is the one its
     * series carry from the listing they were selected from ({@link SeriesInfo#groupMembers}), so the selection must be
     * drawn from one {@link #series} listing; where it is not known, it is counted. One statement, which also counts
     * the members of the whole groups with data in the window, looking only at those whose span reaches past its start.
     */
    public GroupCoverage coverage(int tenantId, List<SeriesInfo> selected, long fromMicros, long toMicros) throws SQLException {
        if (selected.isEmpty()) {
            return GroupCoverage.seriesOnly(selected);
        }
        Map<Long, Integer> listed = new HashMap<>(); // per group, its member count as listed; -1 where not known
        Map<Long, Integer> selectedPerGroup = new HashMap<>();
        for (SeriesInfo info : selected) {
            listed.merge(info.groupId(), info.groupMembers() > 0 ? info.groupMembers() : -1, (a, b) -> a.equals(b) ? a : -1);
            selectedPerGroup.merge(info.groupId(), 1, Integer::sum);
        }
        long[] uncounted = listed.entrySet().stream().filter(entry -> entry.getValue() < 0).mapToLong(Map.Entry::getKey).toArray();
        long[] mayBeWhole = listed.entrySet().stream().filter(entry -> entry.getValue() < 0 || entry.getValue().equals(selectedPerGroup.get(entry.getKey())))
                .mapToLong(Map.Entry::getKey).toArray();
        if (mayBeWhole.length == 0) {
            return GroupCoverage.seriesOnly(selected);
        }
        Map<Long, Integer> members = new HashMap<>(listed);
        Map<Long, Integer> active = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT group_id, 'members', count(*) FROM series WHERE tenant_id = ? AND group_id = ANY(?) GROUP BY group_id "
                             + "UNION ALL SELECT group_id, 'active', count(*) FROM series WHERE tenant_id = ? AND group_id = ANY(?) AND "
                             + Sql.seenWithin(Sql.micros("?"), Sql.micros("?")) + " GROUP BY group_id")) {
            statement.setInt(1, tenantId);
            statement.setArray(2, SqlArrays.int8(connection, uncounted));
            statement.setInt(3, tenantId);
            statement.setArray(4, SqlArrays.int8(connection, mayBeWhole));
            statement.setLong(5, fromMicros);
            statement.setLong(6, toMicros);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    (rows.getString(2).equals("members") ? members : active).put(rows.getLong(1), rows.getInt(3));
                }
            }
        }
        return GroupCoverage.of(selected, members, active);
    }

    /** Those of {@code seriesIds} with at least one raw snapshot in {@code [fromMicros, toMicros)}. */
    public Set<Long> withData(long[] seriesIds, long fromMicros, long toMicros) throws SQLException {
        Set<Long> result = new HashSet<>();
        if (seriesIds.length == 0) {
            return result;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT s FROM (SELECT " + Sql.micros("?") + " AS f, "
                     + Sql.micros("?") + " AS t) AS w CROSS JOIN unnest(?::bigint[]) AS s WHERE EXISTS (SELECT 1 FROM "
                     + RawRows.between("series_id = s", "w.f", "w.t") + " AS r)")) {
            statement.setLong(1, fromMicros);
            statement.setLong(2, toMicros);
            statement.setArray(3, SqlArrays.int8(connection, seriesIds));
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
        byId.forEach((id, row) -> result.add(new SeriesInfo(id, row.tenantId, ProfileType.parse(row.type), LabelSet.of(row.labels), row.groupId, 0)));
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

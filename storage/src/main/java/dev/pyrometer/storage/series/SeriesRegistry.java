package dev.pyrometer.storage.series;

import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Resolves tenants by name and series by (tenant, profile type, labels) to their ids, creating
 * them on first sight; a new series joins its group (see {@link GroupLabels}), created with it
 * when new. All are immutable once created, so the caches never go stale. Thread-safe; callers
 * pass an auto-commit connection.
 */
public final class SeriesRegistry {
    private final ConcurrentMap<String, Integer> tenants = new ConcurrentHashMap<>();
    private final ConcurrentMap<SeriesKey, Long> series = new ConcurrentHashMap<>();
    private final int maxCachedSeries;
    private final GroupLabels groupLabels;

    /** A registry grouping series by {@link GroupLabels#DEFAULT}. */
    public SeriesRegistry(int maxCachedSeries) {
        this(maxCachedSeries, GroupLabels.DEFAULT);
    }

    public SeriesRegistry(int maxCachedSeries, GroupLabels groupLabels) {
        this.maxCachedSeries = maxCachedSeries;
        this.groupLabels = groupLabels;
    }

    public int tenantId(Connection connection, String tenant) throws SQLException {
        Integer known = tenants.get(tenant);
        if (known != null) {
            return known;
        }
        int id = upsert(connection,
                "INSERT INTO tenant (name) VALUES (?) ON CONFLICT (name) DO NOTHING",
                "SELECT id FROM tenant WHERE name = ?",
                tenant);
        tenants.put(tenant, id);
        return id;
    }

    public long seriesId(Connection connection, int tenantId, ProfileType type, LabelSet labels) throws SQLException {
        SeriesKey key = new SeriesKey(tenantId, type, labels);
        Long known = series.get(key);
        if (known != null) {
            return known;
        }
        String seriesKey = seriesKey(type, labels);
        long groupId = groupId(connection, tenantId, type, groupLabels.groupOf(labels));
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO series (tenant_id, profile_type, service_name, labels, series_key, group_id) VALUES (?, ?, ?, ?::jsonb, ?, ?) "
                        + "ON CONFLICT (tenant_id, series_key) DO NOTHING")) {
            insert.setInt(1, tenantId);
            insert.setString(2, type.id());
            insert.setString(3, labels.get(LabelSet.SERVICE_NAME));
            insert.setString(4, toJson(labels));
            insert.setString(5, seriesKey);
            insert.setLong(6, groupId);
            insert.executeUpdate();
        }
        long id;
        try (PreparedStatement select = connection.prepareStatement("SELECT id FROM series WHERE tenant_id = ? AND series_key = ?")) {
            select.setInt(1, tenantId);
            select.setString(2, seriesKey);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                id = rows.getLong(1);
            }
        }
        if (series.size() >= maxCachedSeries) {
            series.clear();
        }
        series.put(key, id);
        return id;
    }

    /** The id of the group with these labels, created when new; jsonb equality makes the labels' order irrelevant. */
    private static long groupId(Connection connection, int tenantId, ProfileType type, LabelSet labels) throws SQLException {
        String json = toJson(labels);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO series_group (tenant_id, profile_type, service_name, labels) VALUES (?, ?, ?, ?::jsonb) "
                        + "ON CONFLICT (tenant_id, profile_type, labels) DO NOTHING")) {
            insert.setInt(1, tenantId);
            insert.setString(2, type.id());
            insert.setString(3, labels.get(LabelSet.SERVICE_NAME));
            insert.setString(4, json);
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id FROM series_group WHERE tenant_id = ? AND profile_type = ? AND labels = ?::jsonb")) {
            select.setInt(1, tenantId);
            select.setString(2, type.id());
            select.setString(3, json);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    public int cachedSeries() {
        return series.size();
    }

    /** The natural key of a series: the profile type id, then the canonical label text. */
    public static String seriesKey(ProfileType type, LabelSet labels) {
        return type.id() + labels;
    }

    static String toJson(LabelSet labels) {
        StringBuilder json = new StringBuilder("{");
        for (Label label : labels.labels()) {
            if (json.length() > 1) {
                json.append(',');
            }
            appendString(json, label.name());
            json.append(':');
            appendString(json, label.value());
        }
        return json.append('}').toString();
    }

    private static void appendString(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static int upsert(Connection connection, String insertSql, String selectSql, String name) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(insertSql)) {
            insert.setString(1, name);
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement(selectSql)) {
            select.setString(1, name);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private record SeriesKey(int tenantId, ProfileType type, LabelSet labels) {
    }
}

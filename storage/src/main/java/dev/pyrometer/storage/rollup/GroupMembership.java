package dev.pyrometer.storage.rollup;

import dev.pyrometer.storage.db.SqlArrays;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The group of each series (series.group_id), cached: a series never changes group, so an entry
 * never goes stale. The cache is cleared when it reaches its bound. Thread-safe.
 */
final class GroupMembership {
    private static final int MAX_CACHED = 1_000_000;

    private final Map<Long, Long> groupBySeries = new ConcurrentHashMap<>();

    /** The group of each of {@code seriesIds}, reading the unknown ones in one statement. */
    Map<Long, Long> groupsOf(Connection connection, Collection<Long> seriesIds) throws SQLException {
        Map<Long, Long> result = new HashMap<>(seriesIds.size() * 2);
        long[] unknown = seriesIds.stream().filter(id -> {
            Long group = groupBySeries.get(id);
            if (group != null) {
                result.put(id, group);
            }
            return group == null;
        }).mapToLong(Long::longValue).toArray();
        if (unknown.length == 0) {
            return result;
        }
        if (groupBySeries.size() + unknown.length > MAX_CACHED) {
            groupBySeries.clear();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, group_id FROM series WHERE id = ANY(?)")) {
            statement.setArray(1, SqlArrays.int8(connection, unknown));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getLong(1), rows.getLong(2));
                    groupBySeries.put(rows.getLong(1), rows.getLong(2));
                }
            }
        }
        return result;
    }
}

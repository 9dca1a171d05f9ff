package dev.pyrometer.storage.rollup;

import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.ProfileType;
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
 * The group of each series (series.group_id) and whether its type is summed, cached: a series never changes group or
 * type, so an entry never goes stale. The cache is cleared when it reaches its bound. Thread-safe.
 */
final class GroupMembership {
    private static final int MAX_CACHED = 1_000_000;

    /** A series' group, and whether its type is summed over a window (see {@link Aggregation}). */
    record Member(long groupId, boolean summed) {
    }

    private final Map<Long, Member> memberBySeries = new ConcurrentHashMap<>();

    /** The group of each of {@code seriesIds}, reading the unknown ones in one statement. */
    Map<Long, Long> groupsOf(Connection connection, Collection<Long> seriesIds) throws SQLException {
        Map<Long, Long> result = new HashMap<>(seriesIds.size() * 2);
        membersOf(connection, seriesIds).forEach((id, member) -> result.put(id, member.groupId()));
        return result;
    }

    /** The membership of each of {@code seriesIds}, reading the unknown ones in one statement. */
    Map<Long, Member> membersOf(Connection connection, Collection<Long> seriesIds) throws SQLException {
        Map<Long, Member> result = new HashMap<>(seriesIds.size() * 2);
        long[] unknown = seriesIds.stream().filter(id -> {
            Member member = memberBySeries.get(id);
            if (member != null) {
                result.put(id, member);
            }
            return member == null;
        }).mapToLong(Long::longValue).toArray();
        if (unknown.length == 0) {
            return result;
        }
        if (memberBySeries.size() + unknown.length > MAX_CACHED) {
            memberBySeries.clear();
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT id, group_id, profile_type FROM series WHERE id = ANY(?)")) {
            statement.setArray(1, SqlArrays.int8(connection, unknown));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Member member = new Member(rows.getLong(2), ProfileType.parse(rows.getString(3)).aggregation() == Aggregation.SUM);
                    result.put(rows.getLong(1), member);
                    memberBySeries.put(rows.getLong(1), member);
                }
            }
        }
        return result;
    }
}

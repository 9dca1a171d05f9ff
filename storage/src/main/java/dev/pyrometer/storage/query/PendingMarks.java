package dev.pyrometer.storage.query;

import dev.pyrometer.storage.rollup.Tier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/** Reads the rollup marks of one tenant that can affect a window, per tier ordinal. */
final class PendingMarks {
    private PendingMarks() {
    }

    static List<NavigableSet<Long>> read(Connection connection, int tenantId, long fromMicros, long toMicros) throws SQLException {
        List<NavigableSet<Long>> marks = new ArrayList<>();
        for (int i = 0; i < Tier.values().length; i++) {
            marks.add(new TreeSet<>());
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT tier, (extract(epoch FROM bucket) * 1000000)::bigint FROM rollup_pending WHERE tenant_id = ? "
                        + "AND bucket >= date_trunc('day', " + Sql.micros("?") + ", 'UTC') AND bucket < " + Sql.micros("?"))) {
            statement.setInt(1, tenantId);
            statement.setLong(2, fromMicros);
            statement.setLong(3, toMicros);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    marks.get(Tier.ofCode(rows.getInt(1)).ordinal()).add(rows.getLong(2));
                }
            }
        }
        return marks;
    }
}

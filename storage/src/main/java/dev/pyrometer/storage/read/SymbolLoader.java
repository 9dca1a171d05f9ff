package dev.pyrometer.storage.read;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.storage.db.SqlArrays;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Resolves stack dictionary ids of one tenant back to frames, in three statements. */
public final class SymbolLoader {
    private SymbolLoader() {
    }

    /** The frames (leaf first) of each stack id. */
    public static Map<Long, List<Frame>> stacks(Connection connection, int tenantId, Collection<Long> stackIds) throws SQLException {
        Map<Long, long[]> frameIdsByStack = new HashMap<>();
        query(connection, "SELECT id, frame_ids FROM symbol_stack WHERE tenant_id = ? AND id = ANY(?)", tenantId, stackIds, rows -> {
            Array array = rows.getArray(2);
            Long[] ids = (Long[]) array.getArray();
            long[] frameIds = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                frameIds[i] = ids[i];
            }
            frameIdsByStack.put(rows.getLong(1), frameIds);
        });
        Set<Long> frameIds = new HashSet<>();
        frameIdsByStack.values().forEach(ids -> {
            for (long id : ids) {
                frameIds.add(id);
            }
        });
        Map<Long, long[]> frameRows = new HashMap<>();
        query(connection, "SELECT id, function_id, line FROM symbol_frame WHERE tenant_id = ? AND id = ANY(?)", tenantId, frameIds,
                rows -> frameRows.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)}));
        Set<Long> functionIds = new HashSet<>();
        frameRows.values().forEach(row -> functionIds.add(row[0]));
        Map<Long, String[]> functions = new HashMap<>();
        query(connection, "SELECT id, name, file FROM symbol_function WHERE tenant_id = ? AND id = ANY(?)", tenantId, functionIds,
                rows -> functions.put(rows.getLong(1), new String[] {rows.getString(2), rows.getString(3)}));

        Map<Long, Frame> frames = new HashMap<>();
        frameRows.forEach((id, row) -> {
            String[] function = functions.get(row[0]);
            frames.put(id, new Frame(function[0], function[1], row[1]));
        });
        Map<Long, List<Frame>> result = new HashMap<>();
        frameIdsByStack.forEach((stackId, ids) -> {
            Frame[] stack = new Frame[ids.length];
            for (int i = 0; i < ids.length; i++) {
                stack[i] = frames.get(ids[i]);
            }
            result.put(stackId, List.of(stack));
        });
        return result;
    }

    private interface RowHandler {
        void accept(ResultSet rows) throws SQLException;
    }

    private static void query(Connection connection, String sql, int tenantId, Collection<Long> ids, RowHandler handler) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, tenantId);
            statement.setArray(2, SqlArrays.int8(connection, ids.stream().mapToLong(Long::longValue).toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    handler.accept(rows);
                }
            }
        }
    }
}

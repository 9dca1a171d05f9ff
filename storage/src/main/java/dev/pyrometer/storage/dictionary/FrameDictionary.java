package dev.pyrometer.storage.dictionary;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Frames by (function id, line), in {@code symbol_frame}. */
public final class FrameDictionary extends Dictionary<FrameKey> {
    public FrameDictionary(int cacheCapacity) {
        super("symbol_frame", cacheCapacity);
    }

    @Override
    protected long hash(FrameKey key) {
        return ContentHash.ofLongs(key.functionId(), key.line());
    }

    @Override
    protected String contentColumns() {
        return "function_id, line";
    }

    @Override
    protected String[] contentArrayTypes() {
        return new String[] {"bigint[]", "bigint[]"};
    }

    @Override
    protected void bindContent(Connection connection, PreparedStatement statement, int first, List<FrameKey> keys) throws SQLException {
        statement.setArray(first, longArray(connection, keys.stream().mapToLong(FrameKey::functionId).toArray()));
        statement.setArray(first + 1, longArray(connection, keys.stream().mapToLong(FrameKey::line).toArray()));
    }
}

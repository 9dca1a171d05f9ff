package dev.pyrometer.storage.dictionary;

import dev.pyrometer.storage.db.SqlArrays;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Stacks by their frame ids, in {@code symbol_stack}. Stacks differ in depth and PostgreSQL
 * arrays must be rectangular, so each stack travels as the text form of a bigint array.
 */
public final class StackDictionary extends Dictionary<StackKey> {
    public StackDictionary(int cacheCapacity) {
        super("symbol_stack", cacheCapacity);
    }

    @Override
    protected long hash(StackKey key) {
        return ContentHash.ofLongs(key.frameIds());
    }

    @Override
    protected String contentColumns() {
        return "frame_ids";
    }

    @Override
    protected String[] contentArrayTypes() {
        return new String[] {"text[]"};
    }

    @Override
    protected String contentSelect() {
        return "u.c1::bigint[]";
    }

    @Override
    protected void bindContent(Connection connection, PreparedStatement statement, int first, List<StackKey> keys) throws SQLException {
        String[] texts = new String[keys.size()];
        for (int i = 0; i < texts.length; i++) {
            StringBuilder text = new StringBuilder("{");
            for (long id : keys.get(i).frameIds()) {
                text.append(text.length() > 1 ? "," : "").append(id);
            }
            texts[i] = text.append('}').toString();
        }
        statement.setArray(first, SqlArrays.text(connection, texts));
    }
}

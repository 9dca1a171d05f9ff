package dev.pyrometer.storage.dictionary;

import dev.pyrometer.storage.db.SqlArrays;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** Functions by (name, file), in {@code symbol_function}. */
public final class FunctionDictionary extends Dictionary<FunctionKey> {
    public FunctionDictionary(int cacheCapacity) {
        super("symbol_function", cacheCapacity);
    }

    @Override
    protected long hash(FunctionKey key) {
        return ContentHash.ofStrings(key.name(), key.file());
    }

    @Override
    protected String contentColumns() {
        return "name, file";
    }

    @Override
    protected String[] contentArrayTypes() {
        return new String[] {"text[]", "text[]"};
    }

    @Override
    protected void bindContent(Connection connection, PreparedStatement statement, int first, List<FunctionKey> keys) throws SQLException {
        statement.setArray(first, SqlArrays.text(connection, keys.stream().map(FunctionKey::name).toArray(String[]::new)));
        statement.setArray(first + 1, SqlArrays.text(connection, keys.stream().map(FunctionKey::file).toArray(String[]::new)));
    }
}

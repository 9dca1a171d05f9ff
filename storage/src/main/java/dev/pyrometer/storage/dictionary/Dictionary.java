package dev.pyrometer.storage.dictionary;

import dev.pyrometer.storage.db.SqlArrays;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A content-addressed symbol table of one kind ({@code K}) in one PostgreSQL table, with an LRU
 * cache in front: a key seen before resolves without a database round trip. Unknown keys are
 * inserted in one statement ({@code ON CONFLICT DO NOTHING}, in hash order so concurrent writers
 * cannot deadlock) and their ids read back in a second. Entries are never updated or deleted,
 * so a cached id stays valid; callers use an auto-commit connection so ids are durable before
 * anything refers to them.
 */
public abstract class Dictionary<K> {
    private final String table;
    private final BoundedCache<TenantKey<K>, Long> cache;

    protected Dictionary(String table, int cacheCapacity) {
        this.table = table;
        this.cache = new BoundedCache<>(cacheCapacity);
    }

    /** The 64-bit content hash of a key; equal keys have equal hashes. */
    protected abstract long hash(K key);

    /** Names of the content columns, after tenant_id and hash. */
    protected abstract String contentColumns();

    /** The SQL array types of the content columns, in order, e.g. {@code "text[]", "bigint[]"}. */
    protected abstract String[] contentArrayTypes();

    /**
     * The SELECT list producing the content columns from the unnested parameters, which are named
     * {@code u.c1, u.c2, ...}; by default the parameters as they are.
     */
    protected String contentSelect() {
        StringBuilder select = new StringBuilder();
        for (int i = 1; i <= contentArrayTypes().length; i++) {
            select.append(i > 1 ? ", " : "").append("u.c").append(i);
        }
        return select.toString();
    }

    /** Binds one array per content column, starting at parameter {@code first}, for keys in order. */
    protected abstract void bindContent(Connection connection, PreparedStatement statement, int first, List<K> keys) throws SQLException;

    /** Resolves every key to its id, adding the unknown ones. */
    public Map<K, Long> resolve(Connection connection, int tenantId, Collection<K> keys) throws SQLException {
        Map<K, Long> ids = new HashMap<>(keys.size() * 2);
        List<K> unknown = new ArrayList<>();
        for (K key : new LinkedHashSet<>(keys)) {
            Long id = cache.get(new TenantKey<>(tenantId, key));
            if (id != null) {
                ids.put(key, id);
            } else {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            addUnknown(connection, tenantId, unknown, ids);
        }
        return ids;
    }

    public long cacheHits() {
        return cache.hits();
    }

    public long cacheMisses() {
        return cache.misses();
    }

    public int cachedEntries() {
        return cache.size();
    }

    private void addUnknown(Connection connection, int tenantId, List<K> unknown, Map<K, Long> ids) throws SQLException {
        Map<Long, K> byHash = new HashMap<>(unknown.size() * 2);
        for (K key : unknown) {
            byHash.put(hash(key), key);
        }
        List<K> ordered = new ArrayList<>(byHash.values());
        ordered.sort(Comparator.comparingLong(this::hash));
        long[] hashes = ordered.stream().mapToLong(this::hash).toArray();

        String[] types = contentArrayTypes();
        StringBuilder unnest = new StringBuilder("unnest(?::bigint[]");
        StringBuilder names = new StringBuilder("u(hash");
        for (int i = 0; i < types.length; i++) {
            unnest.append(", ?::").append(types[i]);
            names.append(", c").append(i + 1);
        }
        unnest.append(')');
        names.append(')');
        String insert = "INSERT INTO " + table + " (tenant_id, hash, " + contentColumns() + ") "
                + "SELECT ?, u.hash, " + contentSelect() + " FROM " + unnest + " AS " + names
                + " ON CONFLICT (tenant_id, hash) DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            statement.setInt(1, tenantId);
            statement.setArray(2, longArray(connection, hashes));
            bindContent(connection, statement, 3, ordered);
            statement.executeUpdate();
        }
        String select = "SELECT hash, id FROM " + table + " WHERE tenant_id = ? AND hash = ANY(?)";
        try (PreparedStatement statement = connection.prepareStatement(select)) {
            statement.setInt(1, tenantId);
            statement.setArray(2, longArray(connection, hashes));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    K key = byHash.get(rows.getLong(1));
                    long id = rows.getLong(2);
                    ids.put(key, id);
                    cache.put(new TenantKey<>(tenantId, key), id);
                }
            }
        }
        for (K key : unknown) {
            if (!ids.containsKey(key)) {
                throw new SQLException(table + " entry for " + key + " was neither inserted nor found");
            }
        }
    }

    protected static Array longArray(Connection connection, long[] values) throws SQLException {
        return SqlArrays.int8(connection, values);
    }

    private record TenantKey<K>(int tenantId, K key) {
    }
}

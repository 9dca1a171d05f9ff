package dev.pyrometer.storage.testing;

import com.zaxxer.hikari.HikariDataSource;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.chunk.RawRows;
import dev.pyrometer.storage.dictionary.SymbolResolver;
import dev.pyrometer.storage.partition.DailyPartitions;
import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.read.ProfileReader;
import dev.pyrometer.storage.rollup.Tier;
import dev.pyrometer.storage.series.SeriesRegistry;
import dev.pyrometer.storage.write.ProfileWriter;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One migrated database with a writer and a reader over it, plus plain-SQL views of what is
 * stored, so tests check the tables directly rather than through the code under test.
 */
public final class Store implements AutoCloseable {
    public static final String TENANT = "default";
    /** Every table of the schema. */
    public static final List<String> TABLES = List.of("tenant", "series", "symbol_function", "symbol_frame", "symbol_stack",
            "profile", "profile_chunk", "rollup_ten_minutes", "rollup_hour", "rollup_day", "series_group", "group_rollup_ten_seconds",
            "group_rollup_minute", "group_rollup_ten_minutes", "group_rollup_hour", "group_rollup_day", "rollup_pending");

    private final HikariDataSource dataSource;
    private final ProfileWriter writer;
    private final ProfileReader reader;

    public Store(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.writer = newWriter();
        this.reader = new ProfileReader(dataSource);
    }

    /** A fresh database from {@link TestDatabase}. */
    public static Store create() {
        return new Store(TestDatabase.create());
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public ProfileWriter writer() {
        return writer;
    }

    public ProfileReader reader() {
        return reader;
    }

    /** A writer with cold caches, as another ingest replica (or a restarted one) would have. */
    public ProfileWriter newWriter() {
        return new ProfileWriter(dataSource, new SeriesRegistry(10_000), new SymbolResolver(100_000), new DailyPartitions());
    }

    /** Writes one batch with the default writer. */
    public List<WriteOutcome> write(Upload... uploads) throws SQLException {
        return writer.write(List.of(uploads));
    }

    public static Upload upload(String id, List<SeriesProfile> series) {
        return new Upload(TENANT, id, series);
    }

    /** The row count of every table, in {@link #TABLES} order. */
    public Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, count("SELECT count(*) FROM " + table));
        }
        return counts;
    }

    public long count(String sql, Object... parameters) throws SQLException {
        return query(sql, rows -> rows.getLong(1), parameters).get(0);
    }

    public void execute(String sql) throws SQLException {
        update(sql);
    }

    /** Runs one statement; returns the rows it changed. */
    public int update(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return statement.getUpdateCount();
        }
    }

    /** Every raw snapshot, whether a row of {@code profile} or in a chunk, by series then time then receipt. */
    public List<RawRow> rawRows() throws SQLException {
        return rawRows(RawRows.all());
    }

    /** The raw snapshots with {@code from <= time < to} (timestamptz expressions), as {@link #rawRows()}. */
    public List<RawRow> rawRows(String from, String to) throws SQLException {
        return rawRows(RawRows.between("true", from, to));
    }

    /** The rows of {@code source}, a subquery with the columns of {@code profile}, by series then time then receipt. */
    public List<RawRow> rawRows(String source) throws SQLException {
        return query("SELECT series_id, (extract(epoch FROM time) * 1000000)::bigint, receipt, total, tenant_id, payload "
                        + "FROM " + source + " AS r ORDER BY series_id, time, receipt",
                rows -> new RawRow(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getInt(5),
                        PayloadCodec.decode(rows.getBytes(6))));
    }

    /** Every row of one per-series rollup tier, by series then bucket. */
    public List<RollupRow> rollupRows(Tier tier) throws SQLException {
        return rollupRows(tier, false);
    }

    /** Every row of one rollup tier of groups (keyed by group id) or of series, by key then bucket. */
    public List<RollupRow> rollupRows(Tier tier, boolean groups) throws SQLException {
        String key = groups ? "group_id" : "series_id";
        return query("SELECT " + key + ", (extract(epoch FROM bucket))::bigint, snapshots, total, tenant_id, payload FROM "
                        + tier.table(groups) + " ORDER BY " + key + ", bucket",
                rows -> new RollupRow(rows.getLong(1), Instant.ofEpochSecond(rows.getLong(2)), rows.getInt(3), rows.getLong(4),
                        rows.getInt(5), rows.getBytes(6) == null ? null : PayloadCodec.decode(rows.getBytes(6))));
    }

    /** The rollup marks, by tier then bucket. */
    public List<PendingMark> pending() throws SQLException {
        return query("SELECT tenant_id, tier, (extract(epoch FROM bucket))::bigint FROM rollup_pending ORDER BY tier, bucket, tenant_id",
                rows -> new PendingMark(rows.getInt(1), rows.getInt(2), Instant.ofEpochSecond(rows.getLong(3))));
    }

    /** The group of every series, read from the series table. */
    public Map<Long, Long> groupOfSeries() throws SQLException {
        Map<Long, Long> groups = new TreeMap<>();
        query("SELECT id, group_id FROM series", rows -> groups.put(rows.getLong(1), rows.getLong(2)));
        return groups;
    }

    /** Every series by its (profile type, labels), read from the series table. */
    public Map<SeriesName, Long> seriesIds() throws SQLException {
        Map<Long, ProfileType> types = new TreeMap<>();
        Map<Long, Map<String, String>> labels = new TreeMap<>();
        query("SELECT id, profile_type, l.key, l.value FROM series LEFT JOIN LATERAL jsonb_each_text(labels) AS l ON true", rows -> {
            long id = rows.getLong(1);
            types.put(id, ProfileType.parse(rows.getString(2)));
            Map<String, String> pairs = labels.computeIfAbsent(id, k -> new TreeMap<>());
            if (rows.getString(3) != null) {
                pairs.put(rows.getString(3), rows.getString(4));
            }
            return null;
        });
        Map<SeriesName, Long> ids = new LinkedHashMap<>();
        types.forEach((id, type) -> ids.put(new SeriesName(type, LabelSet.of(labels.get(id))), id));
        return ids;
    }

    public interface RowMapper<T> {
        T map(ResultSet rows) throws SQLException;
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
            }
            return result;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A series' natural key. */
    public record SeriesName(ProfileType type, LabelSet labels) {
        public static SeriesName of(SeriesProfile profile) {
            return new SeriesName(profile.type(), profile.labels());
        }
    }

    /** A row of {@code profile}; {@code micros} is its time in µs since the epoch. */
    public record RawRow(long seriesId, long micros, long receipt, long total, int tenantId, Payload payload) {
        /** Every field as text, arrays included, for comparing rows by value. */
        public String fingerprint() {
            return seriesId + "@" + micros + " receipt " + receipt + " total " + total + " tenant " + tenantId
                    + " period " + payload.period() + " duration " + payload.durationNanos()
                    + " stacks " + Arrays.toString(payload.stackIds()) + " values " + Arrays.toString(payload.values());
        }
    }

    /** A row of a rollup tier; {@code payload} is null for a bucket stored without its stacks. */
    public record RollupRow(long seriesId, Instant bucket, int snapshots, long total, int tenantId, Payload payload) {
    }

    /** A row of {@code rollup_pending}; {@code tier} is {@link Tier#code()}. */
    public record PendingMark(int tenantId, int tier, Instant bucket) {
    }
}

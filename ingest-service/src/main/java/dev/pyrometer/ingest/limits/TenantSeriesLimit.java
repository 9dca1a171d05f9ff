package dev.pyrometer.ingest.limits;

import dev.pyrometer.auth.tenant.TenantLimits;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import dev.pyrometer.ingest.pipeline.SeriesGate;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.storage.series.SeriesRegistry;
import dev.pyrometer.storage.write.Upload;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Each tenant's most series ({@code max_series}, or the default {@code PYROMETER_TENANT_MAX_SERIES}). The tenant's
 * series count is read from the database at most once per {@code countTtl}; below the limit every push passes (so
 * a tenant may overshoot by what it creates within that time, on each replica). At or over it, a push passes only
 * when every series it writes to exists already (looked up by series key, remembered per tenant); otherwise it is
 * refused permanently (INVALID, the client must not retry it) naming the limit and the first new series, counted in
 * {@code pyrometer.ingest.tenant.limited{tenant,limit=max_series}}. When the count cannot be read, pushes pass.
 */
public final class TenantSeriesLimit implements SeriesGate {
    public static final String LIMIT = "max_series";
    private static final Logger log = LoggerFactory.getLogger(TenantSeriesLimit.class);
    /** Most existing series keys remembered per tenant over its limit; past it the memory starts again. */
    private static final int KNOWN_KEYS = 100_000;

    private record Count(long series, long readNanos) {
    }

    private final DataSource dataSource;
    private final long defaultMax;
    private final Function<String, TenantLimits> limits;
    private final long countTtlNanos;
    private final MeterRegistry registry;
    private final LongSupplier nanoTime;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    public TenantSeriesLimit(DataSource dataSource, long defaultMax, Function<String, TenantLimits> limits, Duration countTtl,
                             MeterRegistry registry, LongSupplier nanoTime) {
        if (defaultMax < 1) {
            throw new IllegalArgumentException("PYROMETER_TENANT_MAX_SERIES must be at least 1, not " + defaultMax);
        }
        this.dataSource = dataSource;
        this.defaultMax = defaultMax;
        this.limits = limits;
        this.countTtlNanos = countTtl.toNanos();
        this.registry = registry;
        this.nanoTime = nanoTime;
    }

    @Override
    public void admit(String tenant, List<Upload> uploads) throws PushRefusal {
        Long own = limits.apply(tenant).maxSeries();
        long max = own != null ? own : defaultMax;
        try {
            long series = count(tenant);
            if (series < max) {
                return;
            }
            String created = firstNewSeries(tenant, uploads);
            if (created == null) {
                return;
            }
            refused.computeIfAbsent(tenant, t -> Counter.builder("pyrometer.ingest.tenant.limited")
                    .description("Pushes refused because their tenant was over one of its ingest limits")
                    .tag("tenant", t).tag("limit", LIMIT).register(registry)).increment();
            throw PushRefusal.invalid("tenant " + tenant + " holds " + series + " series, its limit (max_series) is " + max
                    + ": this push would create the new series " + created + "; nothing of it was stored. Send fewer distinct"
                    + " label values, or raise the tenant's max-series", LIMIT);
        } catch (SQLException e) {
            log.warn("cannot check the series limit of tenant {} ({}); letting the push pass", tenant, e.toString());
        }
    }

    private long count(String tenant) throws SQLException {
        long now = nanoTime.getAsLong();
        Count cached = counts.get(tenant);
        if (cached != null && now - cached.readNanos() < countTtlNanos) {
            return cached.series();
        }
        long series;
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM series s JOIN tenant t ON t.id = s.tenant_id WHERE t.name = ?")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                series = rows.getLong(1);
            }
        }
        counts.put(tenant, new Count(series, now));
        return series;
    }

    /** The first series key of the push that the tenant does not hold yet, or null when it holds them all. */
    private String firstNewSeries(String tenant, List<Upload> uploads) throws SQLException {
        Set<String> remembered = known.computeIfAbsent(tenant, t -> ConcurrentHashMap.newKeySet());
        Set<String> unknown = new LinkedHashSet<>();
        for (Upload upload : uploads) {
            for (SeriesProfile series : upload.series()) {
                String key = SeriesRegistry.seriesKey(series.type(), series.labels());
                if (!remembered.contains(key)) {
                    unknown.add(key);
                }
            }
        }
        if (unknown.isEmpty()) {
            return null;
        }
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(
                "SELECT s.series_key FROM series s JOIN tenant t ON t.id = s.tenant_id WHERE t.name = ? AND s.series_key = ANY (?)")) {
            Array keys = connection.createArrayOf("text", unknown.toArray());
            statement.setString(1, tenant);
            statement.setArray(2, keys);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String existing = rows.getString(1);
                    unknown.remove(existing);
                    if (remembered.size() >= KNOWN_KEYS) {
                        remembered.clear();
                    }
                    remembered.add(existing);
                }
            }
        }
        return unknown.isEmpty() ? null : unknown.iterator().next();
    }
}

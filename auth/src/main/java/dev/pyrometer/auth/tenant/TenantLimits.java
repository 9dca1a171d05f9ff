package dev.pyrometer.auth.tenant;

import java.util.Map;

/**
 * A tenant's limits; null means "the service-wide default". Enforced at the edges (token buckets on ingest,
 * a series cap, a query semaphore).
 *
 * @param ingestProfilesPerSecond profiles a second the tenant may push (token bucket rate), &gt; 0
 * @param ingestBytesPerSecond    compressed bytes a second the tenant may push (token bucket rate), &gt; 0
 * @param maxSeries               most series the tenant may hold, &gt; 0
 * @param queryConcurrency        most queries of the tenant running at once, &gt; 0
 */
public record TenantLimits(Double ingestProfilesPerSecond, Long ingestBytesPerSecond, Long maxSeries,
                           Integer queryConcurrency) {
    public static final TenantLimits NONE = new TenantLimits(null, null, null, null);

    public TenantLimits {
        positive("ingestProfilesPerSecond", ingestProfilesPerSecond);
        positive("ingestBytesPerSecond", ingestBytesPerSecond);
        positive("maxSeries", maxSeries);
        positive("queryConcurrency", queryConcurrency);
    }

    /**
     * These limits with the entries of {@code changes} applied: keys are the JSON names
     * (ingestProfilesPerSecond, ingestBytesPerSecond, maxSeries, queryConcurrency), a null value clears the limit,
     * an absent key keeps it. IllegalArgumentException naming an unknown key or a bad value.
     */
    public TenantLimits with(Map<String, ? extends Number> changes) {
        Double profiles = ingestProfilesPerSecond;
        Long bytes = ingestBytesPerSecond;
        Long series = maxSeries;
        Integer queries = queryConcurrency;
        for (Map.Entry<String, ? extends Number> change : changes.entrySet()) {
            Number value = change.getValue();
            switch (change.getKey()) {
                case "ingestProfilesPerSecond" -> profiles = value == null ? null : value.doubleValue();
                case "ingestBytesPerSecond" -> bytes = value == null ? null : whole(change.getKey(), value);
                case "maxSeries" -> series = value == null ? null : whole(change.getKey(), value);
                case "queryConcurrency" -> queries = value == null ? null : Math.toIntExact(whole(change.getKey(), value));
                default -> throw new IllegalArgumentException("unknown limit '" + change.getKey()
                        + "': use ingestProfilesPerSecond, ingestBytesPerSecond, maxSeries or queryConcurrency");
            }
        }
        return new TenantLimits(profiles, bytes, series, queries);
    }

    private static long whole(String name, Number value) {
        double asDouble = value.doubleValue();
        if (asDouble != Math.rint(asDouble) || Double.isInfinite(asDouble)) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value);
        }
        return value.longValue();
    }

    private static void positive(String name, Number value) {
        if (value != null && !(value.doubleValue() > 0) || value instanceof Double d && d.isInfinite()) {
            throw new IllegalArgumentException(name + " must be greater than 0, not " + value);
        }
    }
}

package dev.pyrometer.bench.query;

import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * What one {@link QueryBench} run found, for a summary over several runs ({@link QuerySweep}).
 *
 * @param manifest what was loaded (see QueryBench's manifest keys)
 * @param queries  the queries measured over HTTP, in the order run; empty when only loading
 * @param go       the go tool pprof comparison, or null when it was skipped
 */
record QueryOutcome(Properties manifest, List<Query> queries, GoComparison go) {

    /**
     * One query's figures.
     *
     * @param key         the query's short name ({@code merge-1h}, {@code diff-24h}, ...; see QueryBench's {@code --queries})
     * @param label       what was asked, as printed
     * @param p50Millis   median latency over HTTP, ms
     * @param p99Millis   99th percentile, ms
     * @param rowsPerCall raw rows and rollup buckets read per call as query-service reports them
     *                    ({@code pyrometer_query_rows}); NaN where the endpoint records none
     */
    record Query(String key, String label, double p50Millis, double p99Millis, double rowsPerCall) {
    }

    /**
     * The same 1 h cpu merge by {@code go tool pprof -proto} and by query-service.
     *
     * @param files                   pprof files go merged (one per stored snapshot in the window)
     * @param goP50Millis             go's median time over those files, ms
     * @param sameWindowP50Millis     query-service's flame graph of exactly that window, median ms
     * @param variedWindowP50Millis   the measured 1 h flame graph (a new window every call), median ms; NaN if not measured
     */
    record GoComparison(int files, double goP50Millis, double sameWindowP50Millis, double variedWindowP50Millis) {
        /** go's time over query-service's for the same window (like for like: go reads the same files every time). */
        double speedUp() {
            return goP50Millis / sameWindowP50Millis;
        }
    }

    Optional<Query> query(String key) {
        return queries.stream().filter(query -> query.key().equals(key)).findFirst();
    }
}

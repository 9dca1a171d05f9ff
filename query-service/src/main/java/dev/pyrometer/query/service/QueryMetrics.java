package dev.pyrometer.query.service;

import dev.pyrometer.storage.query.ReadStats;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * What queries read, per endpoint: {@code pyrometer.query.rows} (raw rows and rollup buckets) and
 * {@code pyrometer.query.bytes} (payload bytes decoded), as histograms tagged {@code endpoint}.
 * Latency per endpoint is Spring's {@code http.server.requests} histogram.
 */
@Component
public class QueryMetrics {
    private final MeterRegistry registry;

    public QueryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void read(String endpoint, ReadStats stats) {
        DistributionSummary.builder("pyrometer.query.rows").tag("endpoint", endpoint).baseUnit("rows")
                .description("Raw rows and rollup buckets read by one query").publishPercentileHistogram()
                .register(registry).record(stats.rows());
        DistributionSummary.builder("pyrometer.query.bytes").tag("endpoint", endpoint).baseUnit("bytes")
                .description("Payload bytes decoded by one query").publishPercentileHistogram()
                .register(registry).record(stats.bytes());
    }
}

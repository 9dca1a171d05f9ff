package dev.pyrometer.ingest.metrics;

import dev.pyrometer.ingest.inbound.InboundBudget;
import dev.pyrometer.ingest.pipeline.WriteQueue;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.storage.dictionary.Dictionary;
import dev.pyrometer.storage.write.ProfileWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The ingest path's Micrometer meters. Names (Prometheus form in parentheses):
 * {@code pyrometer.ingest.profiles.received} (…_received_total), {@code .accepted}, {@code .duplicate},
 * {@code .rejected} tagged {@code reason}; {@code pyrometer.ingest.bytes} (compressed pprof bytes),
 * {@code pyrometer.ingest.samples} (stacks stored), {@code pyrometer.ingest.batch.write} (a timer per
 * transaction, tagged {@code outcome}), {@code pyrometer.ingest.queue.depth}, {@code .queue.bytes},
 * {@code .queue.bytes.peak}, {@code pyrometer.ingest.inbound.bytes}, {@code .inbound.bytes.peak} and
 * {@code pyrometer.storage.dictionary.cache.hit.ratio} (gauges).
 */
public final class IngestMetrics {
    /** The reason tag of profiles refused only because another profile of their push was invalid. */
    public static final String BATCH_REJECTED = "batch_rejected";

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter accepted;
    private final Counter duplicate;
    private final DistributionSummary bytes;
    private final Counter samples;
    private final Timer batchWritten;
    private final Timer batchFailed;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("pyrometer.ingest.profiles.received").description("Profiles pushed").register(registry);
        this.accepted = Counter.builder("pyrometer.ingest.profiles.accepted").description("Profiles stored").register(registry);
        this.duplicate = Counter.builder("pyrometer.ingest.profiles.duplicate")
                .description("Profiles whose id was already stored (retries)").register(registry);
        this.bytes = DistributionSummary.builder("pyrometer.ingest.bytes").baseUnit("bytes")
                .description("Size of pushed pprof payloads as sent").register(registry);
        this.samples = Counter.builder("pyrometer.ingest.samples").description("Stacks stored, over all series").register(registry);
        this.batchWritten = batchTimer(registry, "ok");
        this.batchFailed = batchTimer(registry, "failed");
    }

    public void bindQueue(WriteQueue queue) {
        Gauge.builder("pyrometer.ingest.queue.depth", queue, WriteQueue::depth)
                .description("Profiles waiting for a database writer").register(registry);
        Gauge.builder("pyrometer.ingest.queue.bytes", queue, WriteQueue::bytes).baseUnit("bytes")
                .description("Estimated heap held by profiles waiting for a database writer").register(registry);
        Gauge.builder("pyrometer.ingest.queue.bytes.peak", queue, WriteQueue::peakBytes).baseUnit("bytes")
                .description("The most bytes the write queue has held since start").register(registry);
    }

    public void bindInbound(InboundBudget budget) {
        Gauge.builder("pyrometer.ingest.inbound.bytes", budget, InboundBudget::reserved).baseUnit("bytes")
                .description("Bytes reserved by pushes being received and decoded").register(registry);
        Gauge.builder("pyrometer.ingest.inbound.bytes.peak", budget, InboundBudget::peak).baseUnit("bytes")
                .description("The most bytes reserved by pushes at once since start").register(registry);
    }

    public void bindDictionaries(ProfileWriter writer) {
        Supplier<Double> ratio = () -> {
            long hits = 0;
            long misses = 0;
            for (Dictionary<?> dictionary : writer.symbols().dictionaries()) {
                hits += dictionary.cacheHits();
                misses += dictionary.cacheMisses();
            }
            return hits + misses == 0 ? 0.0 : (double) hits / (hits + misses);
        };
        Gauge.builder("pyrometer.storage.dictionary.cache.hit.ratio", ratio).description("Symbol lookups answered from memory").register(registry);
    }

    public void received(int profiles, long payloadBytes) {
        received.increment(profiles);
        bytes.record(payloadBytes);
    }

    public void rejected(Problem problem, int othersInPush) {
        Counter.builder("pyrometer.ingest.profiles.rejected").tag("reason", problem.tag()).register(registry).increment();
        if (othersInPush > 0) {
            Counter.builder("pyrometer.ingest.profiles.rejected").tag("reason", BATCH_REJECTED).register(registry).increment(othersInPush);
        }
    }

    public void rejectedAll(String reason, int profiles) {
        Counter.builder("pyrometer.ingest.profiles.rejected").tag("reason", reason).register(registry).increment(profiles);
    }

    public void stored(int acceptedProfiles, int duplicateProfiles, long storedSamples) {
        accepted.increment(acceptedProfiles);
        duplicate.increment(duplicateProfiles);
        samples.increment(storedSamples);
    }

    public void batch(WriteQueue.BatchStats stats) {
        (stats.failed() ? batchFailed : batchWritten).record(stats.nanos(), TimeUnit.NANOSECONDS);
    }

    private static Timer batchTimer(MeterRegistry registry, String outcome) {
        return Timer.builder("pyrometer.ingest.batch.write").tag("outcome", outcome)
                .description("Time to write one batch transaction").publishPercentileHistogram().register(registry);
    }
}

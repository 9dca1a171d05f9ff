package dev.pyrometer.ingest.config;

import dev.pyrometer.ingest.tls.GrpcTlsSettings;
import dev.pyrometer.profile.validation.ProfileLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * Every setting of ingest-service, bound from {@code pyrometer.*} in application.yml, where each
 * key names its environment variable and default.
 */
@ConfigurationProperties("pyrometer")
public record IngestProperties(Grpc grpc, Database database, Limits limits, Batch batch, Storage storage) {

    /**
     * @param address            the address the gRPC port binds to (0.0.0.0: every interface)
     * @param port               the gRPC port; 0 picks a free one
     * @param maxMessageBytes    largest push message, bytes; larger ones are refused by gRPC before they are read
     * @param inboundBudgetBytes bytes of pushes received and decoded at once, over all calls; each call reserves
     *                           {@code maxMessageBytes} until its message is parsed
     * @param handlerThreads     threads that decode and validate pushes
     * @param tls                TLS of the gRPC port; see {@link GrpcTlsSettings}
     */
    public record Grpc(String address, int port, int maxMessageBytes, long inboundBudgetBytes, int handlerThreads, Duration shutdownGrace,
                       Tls tls) {
    }

    /** Raw TLS settings of the gRPC port, checked by {@link GrpcTlsSettings#of}. */
    public record Tls(String cert, String key, String clientCa, String clientAuth, Duration reloadInterval) {
        public GrpcTlsSettings settings() {
            return GrpcTlsSettings.of(cert, key, clientCa, clientAuth, reloadInterval);
        }
    }

    /**
     * @param url              JDBC URL; empty starts a local embedded PostgreSQL
     * @param localDataDir     where the embedded PostgreSQL keeps its data
     * @param localPort        port of the embedded PostgreSQL; 0 picks a free one
     * @param poolSize         JDBC connections
     */
    public record Database(String url, String username, String password, String localDataDir, int localPort, int poolSize) {
    }

    /** Per-upload limits; see {@link ProfileLimits}. */
    public record Limits(int maxCompressedBytes, int maxDecompressedBytes, int maxSamples, int maxStackDepth,
                         int maxLabelsPerSeries, int maxLabelNameLength, int maxLabelValueLength, int maxProfilesPerPush,
                         Duration maxFutureSkew) {
        public ProfileLimits profileLimits() {
            return new ProfileLimits(maxCompressedBytes, maxDecompressedBytes, maxSamples, maxStackDepth,
                    maxLabelsPerSeries, maxLabelNameLength, maxLabelValueLength);
        }
    }

    /**
     * @param size          most uploads written in one database transaction
     * @param linger        how long a writer waits to fill a batch
     * @param queueCapacity most uploads waiting for a writer; beyond it pushes get RESOURCE_EXHAUSTED
     * @param queueBytes    most estimated bytes of decoded uploads waiting; beyond it pushes get RESOURCE_EXHAUSTED
     * @param maxQueueWait  longest a push may wait for a writer when its call has no earlier deadline
     * @param writers       writer threads
     */
    public record Batch(int size, Duration linger, int queueCapacity, long queueBytes, Duration maxQueueWait, int writers) {
    }

    /**
     * @param retentionDays   whole days kept; older partitions are dropped
     * @param rollupInterval  how often the rollup job runs
     * @param rollupGrace     how long after a bucket ends before it is rolled up
     * @param cacheEntries    capacity of each symbol dictionary cache
     * @param rollupThreads   buckets of one tier the rollup job computes at once
     * @param rollupDroppedLabels labels merged away in a series' group (the service-level rollups): the ones that name
     *                        an instance (pod, instance, node, …); a new series joins the group of its other labels
     * @param rollupGroupMinRows rows a group bucket must stand for to be stored (raw rows for a minute, member
     *                        buckets above); smaller groups are read from their members
     */
    public record Storage(int retentionDays, Duration rollupInterval, Duration rollupGrace, Duration retentionInterval,
                          int cacheEntries, int seriesCacheEntries, int rollupThreads, List<String> rollupDroppedLabels,
                          int rollupGroupMinRows) {
    }
}

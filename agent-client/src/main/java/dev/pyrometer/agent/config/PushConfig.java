package dev.pyrometer.agent.config;

import java.time.Duration;

/**
 * How the push client reaches the server and buffers. Durations are wall-clock; sizes are bytes of
 * encoded (gzipped) pprof.
 *
 * @param server          gRPC target, e.g. {@code 127.0.0.1:4100} or {@code dns:///ingest:4100} (a configured
 *                        {@code https://} or {@code http://} prefix is taken off; https turns TLS on)
 * @param tenant          {@code x-scope-orgid} value; "" sends none
 * @param tls             TLS to the server
 * @param token           bearer token; "" sends no authorization header
 * @param timeout         deadline of one Push call
 * @param batchProfiles   most profiles per call
 * @param batchBytes      most pprof bytes per call (a single larger profile still goes alone)
 * @param linger          wait for more profiles before sending a partial batch
 * @param queueProfiles   bound of the queue in profiles
 * @param queueBytes      bound of the queue in bytes
 * @param backoffInitial  first retry delay
 * @param backoffMax      longest retry delay
 * @param maxAttempts     attempts per batch on retryable errors; 0 means no limit
 * @param shutdownTimeout time the final flush may take
 */
public record PushConfig(String server, String tenant, TlsConfig tls, String token, Duration timeout,
                         int batchProfiles, long batchBytes, Duration linger, int queueProfiles, long queueBytes,
                         Duration backoffInitial, Duration backoffMax, int maxAttempts, Duration shutdownTimeout) {

    private static final String HTTPS = "https://";
    private static final String HTTP = "http://";

    public static PushConfig from(ResolvedConfig config) throws ConfigException {
        String server = config.string(Catalog.SERVER).trim();
        boolean https = server.regionMatches(true, 0, HTTPS, 0, HTTPS.length());
        if (https || server.regionMatches(true, 0, HTTP, 0, HTTP.length())) {
            server = server.substring(https ? HTTPS.length() : HTTP.length());
            if (server.endsWith("/")) {
                server = server.substring(0, server.length() - 1);
            }
        }
        PushConfig push = new PushConfig(
                server,
                config.string(Catalog.TENANT).trim(),
                TlsConfig.from(config, https),
                config.token(),
                config.duration(Catalog.PUSH_TIMEOUT),
                config.count(Catalog.PUSH_BATCH_PROFILES),
                config.bytes(Catalog.PUSH_BATCH_BYTES),
                config.duration(Catalog.PUSH_LINGER),
                config.count(Catalog.PUSH_QUEUE_PROFILES),
                config.bytes(Catalog.PUSH_QUEUE_BYTES),
                config.duration(Catalog.PUSH_BACKOFF_INITIAL),
                config.duration(Catalog.PUSH_BACKOFF_MAX),
                config.count(Catalog.PUSH_MAX_ATTEMPTS),
                config.duration(Catalog.PUSH_SHUTDOWN_TIMEOUT));
        if (push.server.isEmpty()) {
            throw config.problem(Catalog.SERVER, "must not be empty");
        }
        if (push.batchProfiles < 1) {
            throw config.problem(Catalog.PUSH_BATCH_PROFILES, "must be at least 1");
        }
        if (push.queueProfiles < 1) {
            throw config.problem(Catalog.PUSH_QUEUE_PROFILES, "must be at least 1");
        }
        if (push.timeout.isZero()) {
            throw config.problem(Catalog.PUSH_TIMEOUT, "must be positive");
        }
        if (push.backoffInitial.isZero() || push.backoffMax.compareTo(push.backoffInitial) < 0) {
            throw config.problem(Catalog.PUSH_BACKOFF_MAX, "must be at least push.backoff-initial, which must be positive");
        }
        return push;
    }

    /** The same settings with other retry limits (the one-shot push command gives up sooner). */
    public PushConfig withRetries(int attempts, Duration maxBackoff) {
        return new PushConfig(server, tenant, tls, token, timeout, batchProfiles, batchBytes, linger, queueProfiles,
                queueBytes, backoffInitial, maxBackoff, attempts, shutdownTimeout);
    }

    /** The same settings with another server target (used by tests and the CLI). */
    public PushConfig withServer(String target) {
        return new PushConfig(target, tenant, tls, token, timeout, batchProfiles, batchBytes, linger, queueProfiles,
                queueBytes, backoffInitial, backoffMax, maxAttempts, shutdownTimeout);
    }
}

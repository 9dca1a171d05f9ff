package dev.pyrometer.query.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** Every setting of query-service, bound from {@code pyrometer.*}; application.yml names each one's environment variable. */
@ConfigurationProperties("pyrometer")
public record QueryProperties(Database database, Query query) {

    /**
     * @param url               JDBC URL; empty means the local PostgreSQL that ingest-service starts on {@code localPort}
     * @param localPort         port of that local PostgreSQL
     * @param connectionTimeout longest wait for a pooled connection: when PostgreSQL is gone, a query answers 503
     *                          after this long
     */
    public record Database(String url, String username, String password, int localPort, int poolSize, Duration connectionTimeout) {
        public String effectiveUrl() {
            return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:" + localPort + "/postgres?user=postgres" : url;
        }
    }

    /**
     * @param maxWindow         longest window one call may read
     * @param defaultMaxNodes   flame graph nodes kept when a call does not say
     * @param maxNodesLimit     most flame graph nodes a call may ask for
     * @param maxTimelinePoints most steps in one timeline
     * @param stackCacheEntries stacks kept resolved in memory
     * @param regexStepBudget   regex steps (characters the regex engine reads) one request may spend over all the
     *                          series and selectors it tests; more is a 400
     */
    public record Query(Duration maxWindow, int defaultMaxNodes, int maxNodesLimit, int maxTimelinePoints, int stackCacheEntries,
                        long regexStepBudget) {
    }
}

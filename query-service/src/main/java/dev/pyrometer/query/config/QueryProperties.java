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
     * @param replica           a streaming replica of this database for profile reads
     */
    public record Database(String url, String username, String password, int localPort, int poolSize, Duration connectionTimeout,
                           Replica replica) {
        public String effectiveUrl() {
            return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:" + localPort + "/postgres?user=postgres" : url;
        }
    }

    /**
     * A streaming replica that takes the profile reads while it trails the primary by at most {@code maxLag}.
     *
     * @param url      its JDBC URL; empty: every read goes to the primary
     * @param username its user; empty: the primary's user and password
     * @param password its password, when {@code username} is set
     * @param maxLag   the staleness bound: past it reads go to the primary (at least 1 s, the check's resolution)
     */
    public record Replica(String url, String username, String password, Duration maxLag) {
        public boolean configured() {
            return url != null && !url.isBlank();
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

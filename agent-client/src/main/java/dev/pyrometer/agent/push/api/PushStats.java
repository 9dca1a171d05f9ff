package dev.pyrometer.agent.push.api;

/**
 * Counters of a push client since it was made, in profiles except where named.
 *
 * @param submitted         profiles handed to {@link PushClient#submit}
 * @param accepted          stored by the server
 * @param duplicates        the server already had them (a retry after a lost response)
 * @param droppedQueueFull  oldest profiles dropped because the queue was full
 * @param rejected          refused by the server for good
 * @param retriesExhausted  dropped after {@code push.max-attempts} retryable failures
 * @param droppedAtShutdown left when the shutdown flush timed out, or submitted after close
 * @param retries           Push calls repeated after a retryable error
 * @param queued            profiles waiting now (including a batch between retries)
 * @param queuedBytes       their pprof bytes
 */
public record PushStats(long submitted, long accepted, long duplicates, long droppedQueueFull, long rejected,
                        long retriesExhausted, long droppedAtShutdown, long retries, int queued, long queuedBytes) {

    public long dropped() {
        return droppedQueueFull + rejected + retriesExhausted + droppedAtShutdown;
    }

    public long delivered() {
        return accepted + duplicates;
    }
}

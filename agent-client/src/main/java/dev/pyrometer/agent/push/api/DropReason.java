package dev.pyrometer.agent.push.api;

/** Why a profile was given up; every drop is counted in {@link PushStats}. */
public enum DropReason {
    /** The queue was full and this was its oldest profile. */
    QUEUE_FULL,
    /**
     * The server refused it for good (INVALID_ARGUMENT naming it, or any other status that is not
     * retryable); sending it again cannot help, and it was sent in one call only.
     */
    REJECTED,
    /** Retryable errors persisted for {@code push.max-attempts} attempts. */
    RETRIES_EXHAUSTED,
    /** Still queued when the shutdown flush ran out of time, or submitted after close. */
    SHUTDOWN
}

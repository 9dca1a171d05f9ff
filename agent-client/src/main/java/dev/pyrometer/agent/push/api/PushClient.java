package dev.pyrometer.agent.push.api;

import java.time.Duration;

/**
 * Sends profiles to ingest-service in the background. Shared by the sidecar, the javaagent and the
 * {@code push} command.
 *
 * <p>Contract: no method throws into the caller; {@link #submit} never blocks on the network. A
 * submitted profile ends exactly one way, reported to the {@link PushObserver}: delivered (accepted
 * or duplicate) or dropped with a {@link DropReason}. A profile is sent with the same id on every
 * attempt, so it is stored at most once however often it is retried.
 */
public interface PushClient extends AutoCloseable {

    /** Queues a profile; when the queue is full the oldest queued profile is dropped and counted. */
    void submit(OutgoingProfile profile);

    PushStats stats();

    /**
     * Waits until everything submitted so far has been delivered or dropped, at most {@code timeout};
     * returns whether the queue emptied in time. Retries go on meanwhile.
     */
    boolean awaitIdle(Duration timeout);

    /**
     * Stops taking profiles and flushes what is queued, for at most {@code push.shutdown-timeout};
     * what is left then is dropped and counted. Idempotent.
     */
    @Override
    void close();
}

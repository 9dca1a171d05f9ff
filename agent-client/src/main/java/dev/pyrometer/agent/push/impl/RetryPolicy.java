package dev.pyrometer.agent.push.impl;

import io.grpc.Status;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which failed Push calls are worth repeating. Retryable: the server is unreachable or draining
 * (UNAVAILABLE), slow (DEADLINE_EXCEEDED), overloaded (RESOURCE_EXHAUSTED: its write queue is full)
 * or lost a race (ABORTED). Everything else, INVALID_ARGUMENT above all, fails the same way again.
 */
final class RetryPolicy {
    private static final Set<Status.Code> RETRYABLE = EnumSet.of(
            Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

    private RetryPolicy() {
    }

    static boolean retryable(Status.Code code) {
        return RETRYABLE.contains(code);
    }
}

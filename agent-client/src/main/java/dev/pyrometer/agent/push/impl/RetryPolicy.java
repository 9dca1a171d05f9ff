package dev.pyrometer.agent.push.impl;

import io.grpc.Status;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which failed Push calls are worth repeating. Retryable: the server is unreachable, draining or
 * cannot reach its database (UNAVAILABLE), slow (DEADLINE_EXCEEDED), overloaded
 * (RESOURCE_EXHAUSTED: its write queue is full, or it receives too much at once) or lost a race
 * (ABORTED). Everything else is permanent and never retried: INVALID_ARGUMENT (a malformed profile,
 * or a limit the profile or the push breaks), OUT_OF_RANGE, and any code not listed here.
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

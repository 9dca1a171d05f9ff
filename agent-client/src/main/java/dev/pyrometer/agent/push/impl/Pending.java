package dev.pyrometer.agent.push.impl;

import dev.pyrometer.agent.push.api.OutgoingProfile;

/**
 * A queued profile with its delivery state. Touched only by the queue (under its lock) and the
 * sender thread.
 */
final class Pending {
    final OutgoingProfile profile;
    /** Push calls that carried this profile and failed with a retryable status. */
    int attempts;
    /** Has been in a Push call: its batch was formed once, so taking it again does not wait for more. */
    boolean sent;

    Pending(OutgoingProfile profile) {
        this.profile = profile;
    }
}

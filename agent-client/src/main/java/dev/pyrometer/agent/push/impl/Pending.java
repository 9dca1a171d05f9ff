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
    /** Send alone: its batch was refused for good and this profile must prove itself by itself. */
    boolean solo;

    Pending(OutgoingProfile profile) {
        this.profile = profile;
    }
}

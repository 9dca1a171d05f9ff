package dev.pyrometer.agent.push.api;

/**
 * Hears what happens to each profile. Called on the client's sender thread (or the submitting
 * thread for {@link #queued} and queue-full drops); implementations must be quick and must not
 * throw (anything thrown is caught and logged).
 */
public interface PushObserver {
    PushObserver NONE = new PushObserver() {
    };

    default void queued(OutgoingProfile profile) {
    }

    /**
     * The server has the profile: stored now, or by an earlier attempt ({@code duplicate}).
     *
     * @param seriesProfiles the series rows the server made (or had made) from it
     */
    default void delivered(OutgoingProfile profile, boolean duplicate, int seriesProfiles) {
    }

    default void dropped(OutgoingProfile profile, DropReason reason, String detail) {
    }
}

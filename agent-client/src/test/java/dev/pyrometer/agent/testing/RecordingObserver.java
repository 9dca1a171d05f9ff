package dev.pyrometer.agent.testing;

import dev.pyrometer.agent.push.api.DropReason;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.push.api.PushObserver;

import java.util.ArrayList;
import java.util.List;

/** Remembers every event of a push client, in order. */
public final class RecordingObserver implements PushObserver {
    public record Delivery(OutgoingProfile profile, boolean duplicate, int seriesProfiles) {
    }

    public record Drop(OutgoingProfile profile, DropReason reason, String detail) {
    }

    private final List<OutgoingProfile> queued = new ArrayList<>();
    private final List<Delivery> delivered = new ArrayList<>();
    private final List<Drop> dropped = new ArrayList<>();

    @Override
    public synchronized void queued(OutgoingProfile profile) {
        queued.add(profile);
    }

    @Override
    public synchronized void delivered(OutgoingProfile profile, boolean duplicate, int seriesProfiles) {
        delivered.add(new Delivery(profile, duplicate, seriesProfiles));
    }

    @Override
    public synchronized void dropped(OutgoingProfile profile, DropReason reason, String detail) {
        dropped.add(new Drop(profile, reason, detail));
    }

    public synchronized List<OutgoingProfile> queued() {
        return List.copyOf(queued);
    }

    public synchronized List<Delivery> delivered() {
        return new ArrayList<>(delivered);
    }

    public synchronized List<Drop> dropped() {
        return List.copyOf(dropped);
    }
}

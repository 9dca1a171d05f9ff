package dev.pyrometer.storage.write;

import dev.pyrometer.profile.model.SeriesProfile;

import java.util.List;

/**
 * One accepted upload, ready to store: its tenant, the sender's idempotency id and the series
 * profiles it split into.
 */
public record Upload(String tenant, String id, List<SeriesProfile> series) {
    public Upload {
        series = List.copyOf(series);
    }
}

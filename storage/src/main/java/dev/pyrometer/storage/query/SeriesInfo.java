package dev.pyrometer.storage.query;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;

/**
 * A stored series: its id, tenant, profile type, labels, and the id of its series group (see
 * {@code series_group}). A group is described by the same record, with its own id in {@code id} and
 * {@code groupId}.
 */
public record SeriesInfo(long id, int tenantId, ProfileType type, LabelSet labels, long groupId) {
}

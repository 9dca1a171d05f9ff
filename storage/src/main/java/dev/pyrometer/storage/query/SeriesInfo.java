package dev.pyrometer.storage.query;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;

/** A stored series: its id, tenant, profile type and labels. */
public record SeriesInfo(long id, int tenantId, ProfileType type, LabelSet labels) {
}

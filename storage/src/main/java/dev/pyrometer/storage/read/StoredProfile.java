package dev.pyrometer.storage.read;

import dev.pyrometer.profile.model.SeriesProfile;

/** A series snapshot as read back from the raw tier, with its series id and stored receipt. */
public record StoredProfile(long seriesId, long receipt, SeriesProfile profile) {
}

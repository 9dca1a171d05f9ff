package dev.pyrometer.storage.query;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;

/**
 * A stored series: its id, tenant, profile type, labels, and the id of its series group (see
 * {@code series_group}). A group is described by the same record, with its own id in {@code id} and
 * {@code groupId}.
 *
 * @param groupMembers how many series the group had in the listing this record came from ({@link SeriesCatalog#series}): a
 *                     group's members share its tenant, type and service, so any listing holding one holds them all; 0
 *                     where not known (a series looked up by id)
 */
public record SeriesInfo(long id, int tenantId, ProfileType type, LabelSet labels, long groupId, int groupMembers) {
    /** This series as a listing with {@code members} series in its group gives it. */
    SeriesInfo withGroupMembers(int members) {
        return members == groupMembers ? this : new SeriesInfo(id, tenantId, type, labels, groupId, members);
    }
}

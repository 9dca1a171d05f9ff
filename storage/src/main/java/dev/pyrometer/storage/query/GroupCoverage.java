package dev.pyrometer.storage.query;

import dev.pyrometer.profile.model.LabelSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a read covers a selection of series: the groups whose every member is selected are read whole from the group
 * tiers, the other selected series one by one. A group's rollups are the sum of all its members, so reading a group
 * whole is exact only when the selection holds all of them; a selector that only tests kept labels (service, version,
 * region, …) always does.
 *
 * @param seriesIds     the selected series read one by one
 * @param groupOfMember for each group read whole, every member id mapped to the group id
 * @param groups        the groups read whole, each described by its own id and the labels all its members share
 * @param activeMembers how many members of those groups had data in the window (at ten-minute resolution: see
 *                      {@code series.first_seen})
 */
public record GroupCoverage(long[] seriesIds, Map<Long, Long> groupOfMember, List<SeriesInfo> groups, int activeMembers) {

    /** Every selected series read one by one. */
    public static GroupCoverage seriesOnly(List<SeriesInfo> selected) {
        return new GroupCoverage(selected.stream().mapToLong(SeriesInfo::id).toArray(), Map.of(), List.of(), 0);
    }

    /**
     * @param selected series of one tenant and one type
     * @param members  per group of the selection, its member count (a group absent or counted -1 is not read whole)
     * @param active   per group, how many members had data in the window (absent: none)
     */
    static GroupCoverage of(List<SeriesInfo> selected, Map<Long, Integer> members, Map<Long, Integer> active) {
        Map<Long, List<SeriesInfo>> byGroup = new LinkedHashMap<>();
        selected.forEach(info -> byGroup.computeIfAbsent(info.groupId(), id -> new ArrayList<>()).add(info));
        List<Long> single = new ArrayList<>();
        Map<Long, Long> groupOfMember = new HashMap<>();
        List<SeriesInfo> groups = new ArrayList<>();
        int activeMembers = 0;
        for (Map.Entry<Long, List<SeriesInfo>> entry : byGroup.entrySet()) {
            List<SeriesInfo> inGroup = entry.getValue();
            if (members.getOrDefault(entry.getKey(), -1) == inGroup.size()) {
                LabelSet shared = inGroup.get(0).labels();
                for (SeriesInfo member : inGroup) {
                    groupOfMember.put(member.id(), entry.getKey());
                    shared = shared.common(member.labels());
                }
                SeriesInfo first = inGroup.get(0);
                groups.add(new SeriesInfo(entry.getKey(), first.tenantId(), first.type(), shared, entry.getKey(), inGroup.size()));
                activeMembers += active.getOrDefault(entry.getKey(), 0);
            } else {
                inGroup.forEach(member -> single.add(member.id()));
            }
        }
        return new GroupCoverage(single.stream().mapToLong(Long::longValue).toArray(), groupOfMember, groups, activeMembers);
    }
}

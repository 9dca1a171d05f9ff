package dev.pyrometer.storage.series;

import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;

import java.util.List;
import java.util.Set;

/**
 * Which labels a series group merges away: the high-cardinality ones that name an instance of a
 * service (pod, instance, node, …) rather than a slice users compare (version, region, env). A
 * series' group has its labels minus these. The default list is the one migration V3 grouped
 * existing series by.
 */
public record GroupLabels(Set<String> dropped) {
    public static final List<String> DEFAULT_DROPPED = List.of("pod", "pod_name", "instance", "node", "hostname", "host", "container_id", "pid");
    public static final GroupLabels DEFAULT = new GroupLabels(Set.copyOf(DEFAULT_DROPPED));

    public GroupLabels {
        dropped = Set.copyOf(dropped);
        if (dropped.contains(LabelSet.SERVICE_NAME)) {
            throw new IllegalArgumentException("service_name names the group and cannot be dropped from it");
        }
    }

    /** The labels of the group of a series with {@code labels}. */
    public LabelSet groupOf(LabelSet labels) {
        List<Label> kept = labels.labels().stream().filter(label -> !dropped.contains(label.name())).toList();
        return kept.size() == labels.size() ? labels : LabelSet.of(kept);
    }
}

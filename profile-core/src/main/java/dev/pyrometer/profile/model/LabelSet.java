package dev.pyrometer.profile.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable set of labels sorted by name, each name at most once. Equal sets are equal
 * records, so a label set can key a series.
 */
public record LabelSet(List<Label> labels) {

    public static final String SERVICE_NAME = "service_name";
    public static final LabelSet EMPTY = new LabelSet(List.of());

    public LabelSet {
        labels = List.copyOf(labels);
        for (int i = 1; i < labels.size(); i++) {
            if (labels.get(i - 1).name().compareTo(labels.get(i).name()) >= 0) {
                throw new IllegalArgumentException("labels must be sorted by name and unique: " + labels);
            }
        }
    }

    /** Builds a set from pairs in any order; a later duplicate name replaces an earlier one. */
    public static LabelSet of(Collection<Label> pairs) {
        TreeMap<String, String> byName = new TreeMap<>();
        for (Label label : pairs) {
            byName.put(label.name(), label.value());
        }
        return fromSortedMap(byName);
    }

    public static LabelSet of(Map<String, String> pairs) {
        return fromSortedMap(new TreeMap<>(pairs));
    }

    /** This set plus {@code extra}; a name present in both keeps this set's value. */
    public LabelSet merge(LabelSet extra) {
        if (extra.labels.isEmpty()) {
            return this;
        }
        TreeMap<String, String> byName = new TreeMap<>();
        extra.labels.forEach(label -> byName.put(label.name(), label.value()));
        labels.forEach(label -> byName.put(label.name(), label.value()));
        return fromSortedMap(byName);
    }

    /** The labels this set and {@code other} both have with the same value. */
    public LabelSet common(LabelSet other) {
        List<Label> shared = new ArrayList<>(Math.min(size(), other.size()));
        for (Label label : labels) {
            if (label.value().equals(other.get(label.name()))) {
                shared.add(label);
            }
        }
        return shared.size() == size() ? this : new LabelSet(shared);
    }

    /** The value for {@code name}, or null. */
    public String get(String name) {
        for (Label label : labels) {
            if (label.name().equals(name)) {
                return label.value();
            }
        }
        return null;
    }

    public int size() {
        return labels.size();
    }

    /** Prometheus-style text, e.g. {@code {env="prod", service_name="api"}}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        for (Label label : labels) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(label.name()).append("=\"")
                    .append(label.value().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return text.append('}').toString();
    }

    private static LabelSet fromSortedMap(TreeMap<String, String> byName) {
        List<Label> sorted = new ArrayList<>(byName.size());
        byName.forEach((name, value) -> sorted.add(new Label(name, value)));
        return new LabelSet(sorted);
    }
}

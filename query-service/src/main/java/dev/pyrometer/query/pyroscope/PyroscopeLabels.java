package dev.pyrometer.query.pyroscope;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.storage.query.SeriesInfo;

import java.util.Map;
import java.util.TreeMap;

/**
 * A series' labels as Pyroscope shows them: the stored labels plus the labels Pyroscope derives from the
 * profile type, which Grafana's data source selects and groups by: {@code __profile_type__} (the whole id),
 * {@code __name__} (its first part, e.g. {@code process_cpu}), {@code __type__}, {@code __unit__},
 * {@code __period_type__} and {@code __period_unit__}.
 */
final class PyroscopeLabels {
    static final String PROFILE_TYPE = "__profile_type__";
    static final String NAME = "__name__";

    private PyroscopeLabels() {
    }

    static LabelSet of(SeriesInfo series) {
        ProfileType type = series.type();
        Map<String, String> labels = new TreeMap<>();
        series.labels().labels().forEach(label -> labels.put(label.name(), label.value()));
        labels.put(PROFILE_TYPE, type.id());
        labels.put(NAME, type.name());
        labels.put("__type__", type.sampleType());
        labels.put("__unit__", type.sampleUnit());
        labels.put("__period_type__", type.periodType());
        labels.put("__period_unit__", type.periodUnit());
        return LabelSet.of(labels);
    }
}

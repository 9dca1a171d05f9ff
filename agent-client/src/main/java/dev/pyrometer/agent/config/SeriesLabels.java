package dev.pyrometer.agent.config;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The labels every profile of this agent carries: labels read from environment variables
 * ({@code env-labels}, e.g. the Kubernetes Downward API's POD_NAME → {@code pod}), then the static
 * {@code labels} (which win on a clash), then {@code service_name}. Checked against the server's
 * label rules at start-up, so a bad name fails fast instead of at every push.
 */
public final class SeriesLabels {
    private SeriesLabels() {
    }

    /** @return label name → value, sorted by name */
    public static Map<String, String> resolve(ResolvedConfig config, Map<String, String> env) throws ConfigException {
        config.require(List.of(Catalog.SERVICE_NAME));
        Map<String, String> labels = new TreeMap<>();
        config.pairs(Catalog.ENV_LABELS).forEach((label, variable) -> {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                labels.put(label, value.trim());
            }
        });
        config.staticLabels().forEach((label, value) -> labels.put(label, value.text()));
        labels.put(LabelSet.SERVICE_NAME, config.string(Catalog.SERVICE_NAME).trim());
        try {
            new SeriesLabelRules(ProfileLimits.defaults()).check(LabelSet.of(labels));
        } catch (InvalidProfileException e) {
            throw new ConfigException("invalid labels " + LabelSet.of(labels) + ": " + e.getMessage(), e);
        }
        return labels;
    }
}

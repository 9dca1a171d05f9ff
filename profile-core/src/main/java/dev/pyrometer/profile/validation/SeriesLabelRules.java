package dev.pyrometer.profile.validation;

import dev.pyrometer.profile.model.Label;
import dev.pyrometer.profile.model.LabelSet;

import java.util.regex.Pattern;

/**
 * What a series label set must satisfy: a non-empty {@code service_name}, names that match
 * {@code [a-zA-Z_][a-zA-Z0-9_.]*} (names starting with "__" are reserved), values without NUL
 * characters (PostgreSQL text cannot hold them), and the limits.
 */
public final class SeriesLabelRules {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.]*");

    private final ProfileLimits limits;

    public SeriesLabelRules(ProfileLimits limits) {
        this.limits = limits;
    }

    public void check(LabelSet labels) throws InvalidProfileException {
        String service = labels.get(LabelSet.SERVICE_NAME);
        if (service == null || service.isBlank()) {
            throw new InvalidProfileException(Problem.MISSING_SERVICE_NAME, "label service_name is required and must not be empty");
        }
        if (labels.size() > limits.maxLabelsPerSeries()) {
            throw new InvalidProfileException(Problem.TOO_MANY_LABELS,
                    "series has " + labels.size() + " labels, more than the limit of " + limits.maxLabelsPerSeries());
        }
        for (Label label : labels.labels()) {
            checkLabel(label);
        }
    }

    private void checkLabel(Label label) throws InvalidProfileException {
        String name = label.name();
        if (!NAME.matcher(name).matches() || name.startsWith("__")) {
            throw new InvalidProfileException(Problem.INVALID_LABEL,
                    "label name '" + abbreviate(name) + "' must match [a-zA-Z_][a-zA-Z0-9_.]* and not start with '__'");
        }
        if (name.length() > limits.maxLabelNameLength()) {
            throw new InvalidProfileException(Problem.LABEL_TOO_LONG,
                    "label name '" + abbreviate(name) + "' is " + name.length() + " chars, more than the limit of " + limits.maxLabelNameLength());
        }
        if (label.value().indexOf('\0') >= 0) {
            throw new InvalidProfileException(Problem.INVALID_LABEL, "value of label '" + name + "' contains a NUL character");
        }
        if (label.value().length() > limits.maxLabelValueLength()) {
            throw new InvalidProfileException(Problem.LABEL_TOO_LONG,
                    "value of label '" + name + "' is " + label.value().length() + " chars, more than the limit of " + limits.maxLabelValueLength());
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}

package dev.pyrometer.profile.selector;

import dev.pyrometer.profile.model.LabelSet;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A Prometheus/Pyroscope label selector such as {@code {service_name="api", env="prod", pod=~"api-.*"}}:
 * a series matches when every matcher matches (see {@link LabelMatcher} for the per-matcher rules);
 * {@code {}} matches every series. Immutable and thread-safe.
 */
public record LabelSelector(List<LabelMatcher> matchers) {

    /** {@code {}}: matches everything. */
    public static final LabelSelector ALL = new LabelSelector(List.of());

    public LabelSelector {
        matchers = List.copyOf(matchers);
    }

    /**
     * Parses selector text; whitespace between tokens is ignored, values are double-quoted with
     * {@code \"} and {@code \\} as the only escapes, and a trailing comma is allowed, as in PromQL.
     *
     * @throws SelectorException naming the problem and its 0-based position
     */
    public static LabelSelector parse(String text) {
        return new LabelSelector(SelectorParser.parse(text));
    }

    /**
     * Whether a series with these labels is selected, evaluated on its own with a budget of
     * {@value SelectorEvaluation#DEFAULT_STEP_BUDGET} regex steps. A query that tests many series uses one
     * {@link SelectorEvaluation} for all of them, so that one budget bounds the whole query.
     *
     * @throws SelectorException when a regex needs more steps than the budget
     */
    public boolean matches(LabelSet labels) {
        return new SelectorEvaluation(SelectorEvaluation.DEFAULT_STEP_BUDGET).matches(this, labels);
    }

    /**
     * The {@code name="value"} matchers with a non-empty value, in selector order: every selected series
     * has each of these labels with exactly that value, so an index on (name, value) can narrow the
     * candidates; {@link #matches} must still be applied to them. ({@code name=""} is left out: it selects
     * series that lack the label, which an index of present values cannot answer.)
     */
    public List<LabelMatcher> equalityMatchers() {
        return matchers.stream().filter(m -> m.op() == MatchOp.EQUAL && !m.value().isEmpty()).toList();
    }

    /** The value a selected series must have for {@code name}, from the first matcher {@code name="value"} with a non-empty value. */
    public Optional<String> equalityValue(String name) {
        return equalityMatchers().stream().filter(m -> m.name().equals(name)).map(LabelMatcher::value).findFirst();
    }

    /** Canonical selector text, e.g. {@code {service_name="api", pod=~"api-.*"}}; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return matchers.stream().map(LabelMatcher::toString).collect(Collectors.joining(", ", "{", "}"));
    }
}

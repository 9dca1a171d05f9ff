package dev.pyrometer.profile.selector;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One {@code name op "value"} term of a selector, with Prometheus semantics:
 * <ul>
 *   <li>a label the series does not have counts as the empty string, so {@code env=""} matches series
 *       without {@code env} and {@code env!=""} requires it;</li>
 *   <li>regexes are fully anchored: {@code pod=~"api-.*"} means {@code ^(?:api-.*)$} (the whole value must
 *       match, as {@link java.util.regex.Matcher#matches()} requires), and {@code .} matches newlines too, as in
 *       Prometheus 3;</li>
 *   <li>regexes use {@link Pattern} syntax, which agrees with Prometheus' RE2 on the usual constructs
 *       (classes, alternation, repetition, {@code (?i)}); evaluation is bounded by a {@link SelectorEvaluation}.</li>
 * </ul>
 * Equal matchers have equal name, operator and value text.
 */
public final class LabelMatcher {
    private final String name;
    private final MatchOp op;
    private final String value;
    private final Pattern pattern;

    private LabelMatcher(String name, MatchOp op, String value, Pattern pattern) {
        this.name = name;
        this.op = op;
        this.value = value;
        this.pattern = pattern;
    }

    /**
     * A matcher; {@code name} is not checked here (the parser does). Throws {@link PatternSyntaxException}
     * when {@code op} is a regex operator and {@code value} is not a valid regex.
     */
    public static LabelMatcher of(String name, MatchOp op, String value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
        Pattern pattern = op.isRegex() ? Pattern.compile(value, Pattern.DOTALL) : null;
        return new LabelMatcher(name, op, value, pattern);
    }

    public String name() {
        return name;
    }

    public MatchOp op() {
        return op;
    }

    /** The text after the operator: the compared value, or the regex source. */
    public String value() {
        return value;
    }

    /**
     * Whether a label value (null when the series lacks the label) satisfies this matcher, evaluated on its
     * own with a budget of {@value SelectorEvaluation#DEFAULT_STEP_BUDGET} regex steps. A caller that tests
     * many values for one query uses one {@link SelectorEvaluation}, so that the budget bounds the query.
     *
     * @throws SelectorException when the regex needs more steps than the budget (catastrophic backtracking)
     */
    public boolean matches(String labelValue) {
        return matches(labelValue, new SelectorEvaluation(SelectorEvaluation.DEFAULT_STEP_BUDGET));
    }

    boolean matches(String labelValue, SelectorEvaluation evaluation) {
        String actual = labelValue == null ? "" : labelValue;
        return switch (op) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> evaluation.regexMatches(this, actual);
            case NOT_REGEX -> !evaluation.regexMatches(this, actual);
        };
    }

    /** The compiled regex of a regex matcher, null otherwise. */
    Pattern pattern() {
        return pattern;
    }

    /** The matcher as selector text, e.g. {@code pod=~"api-.*"}; {@code "} and {@code \} are escaped. */
    @Override
    public String toString() {
        return name + op.symbol() + quote(value);
    }

    static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LabelMatcher matcher
                && name.equals(matcher.name) && op == matcher.op && value.equals(matcher.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }
}

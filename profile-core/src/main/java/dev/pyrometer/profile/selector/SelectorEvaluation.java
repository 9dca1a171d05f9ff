package dev.pyrometer.profile.selector;

import dev.pyrometer.profile.model.LabelSet;

import java.util.HashMap;
import java.util.Map;

/**
 * The selector work of one query. Every regex the query runs, over all the series and labels it tests and
 * all its selectors, draws on one budget of steps (a step is one character the regex engine reads), and
 * each distinct (regex, label value) pair is evaluated once: testing the pair again reuses the answer and
 * costs nothing. A query whose regexes need more steps than the budget fails with a {@link SelectorException}
 * instead of taking the CPU ({@code .*.*.*x} reads a 120-character value about 900,000 times).
 * Equality matchers cost no steps. Not thread-safe: one instance per query.
 */
public final class SelectorEvaluation {
    /** The budget of a query that does not name one: some tens of milliseconds of regex work. */
    public static final long DEFAULT_STEP_BUDGET = 10_000_000;

    private final StepBudget budget;
    private final Map<RegexTest, Boolean> answers = new HashMap<>();
    private int evaluations;

    /** @param stepBudget regex steps the whole query may take, at least 1 */
    public SelectorEvaluation(long stepBudget) {
        this.budget = new StepBudget(stepBudget);
    }

    /**
     * Whether a series with these labels is selected: every matcher matches (see {@link LabelMatcher}).
     *
     * @throws SelectorException when a regex needs more steps than are left in the budget
     */
    public boolean matches(LabelSelector selector, LabelSet labels) {
        for (LabelMatcher matcher : selector.matchers()) {
            if (!matcher.matches(labels.get(matcher.name()), this)) {
                return false;
            }
        }
        return true;
    }

    /** Steps spent so far, at most the budget. */
    public long steps() {
        return budget.used();
    }

    /** Regex evaluations run so far: distinct (regex, value) pairs, including one that ran out of steps. */
    public int evaluations() {
        return evaluations;
    }

    /** Whether the whole of {@code value} matches the matcher's regex, from the cache when this pair was seen. */
    boolean regexMatches(LabelMatcher matcher, String value) {
        RegexTest test = new RegexTest(matcher.value(), value);
        Boolean known = answers.get(test);
        if (known != null) {
            return known;
        }
        evaluations++;
        boolean matches;
        try {
            matches = matcher.pattern().matcher(new BudgetedText(value, budget)).matches();
        } catch (BudgetedText.ExhaustedException e) {
            throw new SelectorException("regex " + LabelMatcher.quote(matcher.value()) + " for label " + matcher.name()
                    + " needs more than the query's budget of " + budget.limit() + " regex steps (one step per character the"
                    + " regex engine reads, over every series the query tests); simplify it (nested repetition backtracks)"
                    + " or narrow the selector, e.g. with service_name=\"...\"", -1);
        }
        answers.put(test, matches);
        return matches;
    }

    /** A regex source (always compiled with the same flags) and a value it was run on. */
    private record RegexTest(String regex, String value) {
    }
}

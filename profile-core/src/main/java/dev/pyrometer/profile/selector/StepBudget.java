package dev.pyrometer.profile.selector;

/**
 * Regex steps spent against a limit. One budget is shared by all the text the regexes of one query read,
 * so {@link #used()} never exceeds {@link #limit()}: the step that would exceed it throws instead.
 */
final class StepBudget {
    private final long limit;
    private long used;

    StepBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a step budget must be at least 1, not " + limit);
        }
        this.limit = limit;
    }

    /** Spends one step; throws {@link BudgetedText.ExhaustedException} when all {@link #limit()} steps are spent. */
    void spend() {
        if (used == limit) {
            throw new BudgetedText.ExhaustedException();
        }
        used++;
    }

    long used() {
        return used;
    }

    long limit() {
        return limit;
    }
}

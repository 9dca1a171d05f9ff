package dev.pyrometer.profile.selector;

/**
 * A label value seen through a step budget. {@link java.util.regex.Pattern} backtracks, so a hostile
 * regex such as {@code (a|a)*b} can take exponential time; every character the regex engine reads costs
 * one step, and running out ends the match with a {@link SelectorException}. A sane regex reads each
 * character a few times, far below the budget.
 */
final class BudgetedText implements CharSequence {
    /** Steps one regex evaluation may take: a few milliseconds of work at most. */
    static final int STEP_BUDGET = 1_000_000;

    private final String text;
    private final Budget budget;

    BudgetedText(String text) {
        this(text, new Budget());
    }

    private BudgetedText(String text, Budget budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        if (++budget.steps > STEP_BUDGET) {
            throw new ExhaustedException();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
        return text;
    }

    private static final class Budget {
        int steps;
    }

    /** Thrown from inside the regex engine when the budget is spent. */
    static final class ExhaustedException extends RuntimeException {
        ExhaustedException() {
            super(null, null, false, false);
        }
    }
}

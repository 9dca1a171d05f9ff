package dev.pyrometer.profile.selector;

/**
 * A label value seen through a {@link StepBudget}. {@link java.util.regex.Pattern} backtracks, so a hostile
 * regex such as {@code (a|a)*b} takes exponential time and {@code .*.*.*x} cubic time; every character the
 * regex engine reads costs one step, and running out ends the match with an {@link ExhaustedException}.
 */
final class BudgetedText implements CharSequence {
    private final String text;
    private final StepBudget budget;

    BudgetedText(String text, StepBudget budget) {
        this.text = text;
        this.budget = budget;
    }

    @Override
    public char charAt(int index) {
        budget.spend();
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

    /** Thrown from inside the regex engine when the budget is spent. */
    static final class ExhaustedException extends RuntimeException {
        ExhaustedException() {
            super(null, null, false, false);
        }
    }
}

package dev.pyrometer.profile.selector;

/** The four Prometheus label match operators. */
public enum MatchOp {
    /** {@code =}: the value equals the text. */
    EQUAL("="),
    /** {@code !=}: the value differs from the text. */
    NOT_EQUAL("!="),
    /** {@code =~}: the whole value matches the regex. */
    REGEX("=~"),
    /** {@code !~}: the whole value does not match the regex. */
    NOT_REGEX("!~");

    private final String symbol;

    MatchOp(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as written in a selector, e.g. {@code "=~"}. */
    public String symbol() {
        return symbol;
    }

    boolean isRegex() {
        return this == REGEX || this == NOT_REGEX;
    }
}

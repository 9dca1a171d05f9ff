package dev.pyrometer.profile.selector;

/**
 * A label selector that cannot be used: bad syntax (with the 0-based character {@link #position()} where
 * parsing failed, also stated in the message), or a regex too costly to evaluate ({@code position() == -1}).
 * The message is meant for the user who wrote the selector, e.g. in an HTTP 400 answer.
 */
public final class SelectorException extends IllegalArgumentException {
    private final int position;

    public SelectorException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** 0-based index into the selector text where the problem is, or -1 when it has no position. */
    public int position() {
        return position;
    }
}

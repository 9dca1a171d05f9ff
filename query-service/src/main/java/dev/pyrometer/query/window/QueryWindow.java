package dev.pyrometer.query.window;

import java.time.Duration;
import java.time.Instant;

/** A half-open window {@code [from, to)}, at most the configured length. */
public record QueryWindow(Instant from, Instant to) {

    /**
     * Parses and checks a window; {@link IllegalArgumentException} messages name the parameter at fault.
     *
     * @param fromName the parameter {@code from} came in, e.g. "from" or "leftFrom"
     * @param toName   the parameter {@code to} came in
     */
    public static QueryWindow parse(String from, String to, Instant now, Duration maxWindow, String fromName, String toName) {
        Instant start = TimeExpressions.parse(from, now, fromName);
        Instant end = TimeExpressions.parse(to, now, toName);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException(fromName + " (" + start + ") must be before " + toName + " (" + end + ")");
        }
        if (Duration.between(start, end).compareTo(maxWindow) > 0) {
            throw new IllegalArgumentException("window " + fromName + "=" + start + ", " + toName + "=" + end + " is "
                    + TimeExpressions.format(Duration.between(start, end)) + " long, more than the limit of "
                    + TimeExpressions.format(maxWindow) + " (pyrometer.query.max-window); ask for a shorter one");
        }
        return new QueryWindow(start, end);
    }

    public long fromMicros() {
        return micros(from);
    }

    public long toMicros() {
        return micros(to);
    }

    public long fromNanos() {
        return from.getEpochSecond() * 1_000_000_000L + from.getNano();
    }

    public long durationNanos() {
        return Duration.between(from, to).toNanos();
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }
}

package dev.pyrometer.query.window;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time forms the API accepts: RFC 3339 ({@code 2026-11-25T10:00:00Z}), unix seconds
 * ({@code 1764064800}), unix milliseconds (13 digits or more), {@code now}, and {@code now} minus
 * a duration made of {@code <n>w|d|h|m|s} parts ({@code now-7d}, {@code now-1h30m}). A '+' of an RFC 3339
 * offset that arrived unencoded in a query string (and so decoded to a space) is read as '+'.
 * Every time lies in {@code [}{@link #EARLIEST}{@code , }{@link #LATEST}{@code ]}, so that it is a whole
 * number of nanoseconds since the epoch that fits a signed 64-bit integer; anything else is refused.
 */
public final class TimeExpressions {
    private static final Pattern RELATIVE = Pattern.compile("now(?:-((?:\\d+[wdhms])+))?");
    private static final Pattern PART = Pattern.compile("(\\d+)([wdhms])");
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;
    /** The earliest time accepted: the epoch. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /** The latest time accepted: the last whole second that is at most {@link Long#MAX_VALUE} ns after the epoch. */
    public static final Instant LATEST = Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L);

    private TimeExpressions() {
    }

    /** The instant {@code text} names; throws {@link IllegalArgumentException} naming {@code what} and the accepted forms or range. */
    public static Instant parse(String text, Instant now, String what) {
        String value = text.trim();
        Instant instant;
        try {
            Matcher relative = RELATIVE.matcher(value);
            if (relative.matches()) {
                instant = relative.group(1) == null ? now : now.minus(sumOfParts(relative.group(1)));
            } else if (DIGITS.matcher(value).matches()) {
                long number = Long.parseLong(value);
                instant = number >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
            } else {
                instant = OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a time: use RFC 3339 (2026-11-25T10:00:00Z), "
                    + "unix seconds or milliseconds, 'now' or 'now-<duration>' such as now-7d or now-1h30m");
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            throw outOfRange(what, text);
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw outOfRange(what, text);
        }
        return instant;
    }

    private static IllegalArgumentException outOfRange(String what, String text) {
        return new IllegalArgumentException(what + " '" + text + "' is out of range: a time must be between " + EARLIEST + " and " + LATEST);
    }

    /** A duration in the form {@link #duration} reads, largest units first, e.g. "31d", "1h30m", "45s"; sub-second parts are dropped. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long[] widths = {86_400, 3_600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < widths.length; i++) {
            if (seconds >= widths[i]) {
                text.append(seconds / widths[i]).append(units[i]);
                seconds %= widths[i];
            }
        }
        return text.toString();
    }

    /** Parses a duration of {@code <n>w|d|h|m|s} parts, e.g. {@code 1h30m}; messages name {@code what} and {@code original}. */
    public static Duration duration(String text, String what, String original) {
        Duration total;
        try {
            total = sumOfParts(text);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " '" + original + "' is out of range");
        }
        if (total == null) {
            throw new IllegalArgumentException(what + " '" + original + "' has a bad duration: use parts like 7d, 1h30m, 15m, 10s");
        }
        return total;
    }

    /** The sum of {@code <n>w|d|h|m|s} parts, null when {@code text} is not such parts; {@link ArithmeticException} on overflow. */
    private static Duration sumOfParts(String text) {
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find() && part.start() == end) {
            long n;
            try {
                n = Long.parseLong(part.group(1));
            } catch (NumberFormatException e) {
                throw new ArithmeticException("part " + part.group() + " overflows");
            }
            total = total.plus(switch (part.group(2)) {
                case "w" -> Duration.ofDays(Math.multiplyExact(7, n));
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = part.end();
        }
        return end == text.length() && end > 0 ? total : null;
    }
}

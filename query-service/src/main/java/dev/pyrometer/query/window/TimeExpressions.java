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
 */
public final class TimeExpressions {
    private static final Pattern RELATIVE = Pattern.compile("now(?:-((?:\\d+[wdhms])+))?");
    private static final Pattern PART = Pattern.compile("(\\d+)([wdhms])");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private TimeExpressions() {
    }

    /** The instant {@code text} names; throws {@link IllegalArgumentException} naming {@code what} and the accepted forms. */
    public static Instant parse(String text, Instant now, String what) {
        String value = text.trim();
        try {
            Matcher relative = RELATIVE.matcher(value);
            if (relative.matches()) {
                return relative.group(1) == null ? now : now.minus(duration(relative.group(1), what, text));
            }
            if (DIGITS.matcher(value).matches()) {
                long number = Long.parseLong(value);
                return number >= MILLIS_THRESHOLD ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
            }
            return OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is not a time: use RFC 3339 (2026-11-25T10:00:00Z), "
                    + "unix seconds or milliseconds, 'now' or 'now-<duration>' such as now-7d or now-1h30m");
        } catch (ArithmeticException | DateTimeException e) {
            throw new IllegalArgumentException(what + " '" + text + "' is out of range");
        }
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

    /** Parses a duration of {@code <n>w|d|h|m|s} parts, e.g. {@code 1h30m}. */
    public static Duration duration(String text, String what, String original) {
        Matcher part = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                break;
            }
            try {
                long n = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "w" -> Duration.ofDays(Math.multiplyExact(7, n));
                    case "d" -> Duration.ofDays(n);
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException(what + " '" + original + "' is out of range");
            }
            end = part.end();
        }
        if (end != text.length() || end == 0) {
            throw new IllegalArgumentException(what + " '" + original + "' has a bad duration: use parts like 7d, 1h30m, 15m, 10s");
        }
        return total;
    }
}

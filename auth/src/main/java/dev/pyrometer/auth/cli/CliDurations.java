package dev.pyrometer.auth.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code --expires=}: a duration from now ({@code 90m}, {@code 12h}, {@code 30d}) or an ISO-8601 instant. */
final class CliDurations {
    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([smhd])");

    private CliDurations() {
    }

    static Instant expiry(String text, Instant now) {
        Matcher matcher = RELATIVE.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            Duration unit = switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return now.plus(unit.multipliedBy(amount));
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliArguments.CliException("--expires=" + text + ": use a duration such as 30d, 12h, 90m"
                    + " or an instant such as 2027-01-31T00:00:00Z");
        }
    }
}

package dev.pyrometer.agent.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses setting values: durations ({@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}), sizes, booleans, pair lists. */
public final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB|KB|MB|GB)?");

    private Values() {
    }

    public static Duration duration(String value) {
        Matcher m = DURATION.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration; write e.g. 500ms, 15s, 2m or 1h");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** Bytes; the suffixes KiB/MiB/GiB are powers of 1024, KB/MB/GB powers of 1000. */
    public static long bytes(String value) {
        Matcher m = SIZE.matcher(value.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size; write e.g. 65536, 512KiB or 8MiB");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        long factor = switch (unit) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "KB" -> 1000L;
            case "MB" -> 1000_000L;
            case "GB" -> 1000_000_000L;
            default -> 1L;
        };
        return Math.multiplyExact(amount, factor);
    }

    public static boolean bool(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("not a boolean; write true or false");
        };
    }

    public static int positiveInt(String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
        if (parsed < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return parsed;
    }

    public static double fraction(String value) {
        double parsed;
        try {
            parsed = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
        if (!(parsed >= 0 && parsed < 1)) {
            throw new IllegalArgumentException("must be at least 0 and less than 1");
        }
        return parsed;
    }

    /**
     * Parses {@code a=1,b=2} (pairs separated by {@code ,} or {@code ;}; blanks around them ignored)
     * into an ordered map; an empty string gives an empty map.
     */
    public static Map<String, String> pairs(String value) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String part : value.split("[,;]")) {
            String pair = part.trim();
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + pair + "' is not name=value");
            }
            result.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return result;
    }
}

package dev.pyrometer.ingest.pyroscope;

import dev.pyrometer.ingest.pipeline.PushRefusal;

/**
 * The {@code from} and {@code until} parameters of Pyroscope's {@code /ingest}: a Unix time in
 * digits, whose length gives its unit as Pyroscope reads it (13 digits: milliseconds, 16:
 * microseconds, 19: nanoseconds, otherwise seconds). Pyroscope also takes relative forms such as
 * {@code now-10s}; they are refused here, because a retry would carry a different time and be
 * stored twice.
 */
final class IngestTime {
    private IngestTime() {
    }

    /** Nanoseconds since the epoch, or 0 when {@code text} is null or empty. */
    static long nanos(String parameter, String text) throws PushRefusal {
        if (text == null || text.isBlank()) {
            return 0;
        }
        String digits = text.strip();
        if (digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw PushRefusal.invalid(parameter + ": '" + (digits.length() > 40 ? digits.substring(0, 40) + "…" : digits)
                    + "' is not a Unix time in digits (seconds, or milliseconds, microseconds, nanoseconds by length)");
        }
        long value = Long.parseLong(digits);
        return switch (digits.length()) {
            case 13 -> Math.multiplyExact(value, 1_000_000L);
            case 16 -> Math.multiplyExact(value, 1_000L);
            case 19 -> value;
            default -> {
                if (value > Long.MAX_VALUE / 1_000_000_000L) {
                    throw PushRefusal.invalid(parameter + ": " + digits + " seconds is out of range");
                }
                yield value * 1_000_000_000L;
            }
        };
    }
}

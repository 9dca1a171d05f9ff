package dev.pyrometer.storage.rollup;

import java.time.Duration;

/**
 * Rollup tiers. Each is computed from the one below it (minute from raw snapshots), and a bucket
 * is half-open: {@code [bucket, bucket + width)} in UTC.
 */
public enum Tier {
    MINUTE(1, "rollup_minute", Duration.ofMinutes(1)),
    HOUR(2, "rollup_hour", Duration.ofHours(1)),
    DAY(3, "rollup_day", Duration.ofDays(1));

    private final int code;
    private final String table;
    private final Duration width;

    Tier(int code, String table, Duration width) {
        this.code = code;
        this.table = table;
        this.width = width;
    }

    /** The value of {@code rollup_pending.tier}. */
    public int code() {
        return code;
    }

    public String table() {
        return table;
    }

    public Duration width() {
        return width;
    }

    /** The tier whose buckets enclose this one's, or null for the top tier. */
    public Tier parent() {
        return this == DAY ? null : values()[ordinal() + 1];
    }
}

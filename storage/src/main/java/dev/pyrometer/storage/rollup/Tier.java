package dev.pyrometer.storage.rollup;

import java.time.Duration;

/**
 * Rollup tiers, finest first. A bucket is half-open, {@code [bucket, bucket + width)} in UTC, aligned
 * on multiples of the width since the epoch. Each tier exists per series group (the group's
 * members merged); ten minutes and above also exist per series. Ten-second and minute buckets are
 * computed from raw rows, together, when their minute is rolled up (ten-second buckets have no
 * marks of their own: the minute's mark covers them); ten-minute buckets from raw rows, hour
 * buckets from ten-minute buckets, day buckets from hour buckets.
 */
public enum Tier {
    TEN_SECONDS(5, null, "group_rollup_ten_seconds", Duration.ofSeconds(10)),
    MINUTE(1, null, "group_rollup_minute", Duration.ofMinutes(1)),
    TEN_MINUTES(4, "rollup_ten_minutes", "group_rollup_ten_minutes", Duration.ofMinutes(10)),
    HOUR(2, "rollup_hour", "group_rollup_hour", Duration.ofHours(1)),
    DAY(3, "rollup_day", "group_rollup_day", Duration.ofDays(1));

    /** The finest tier kept per series: below it a series is read from raw rows. */
    public static final Tier FINEST_PER_SERIES = TEN_MINUTES;
    /** The finest tier kept per group. */
    public static final Tier FINEST_PER_GROUP = TEN_SECONDS;

    private final int code;
    private final String seriesTable;
    private final String groupTable;
    private final Duration width;

    Tier(int code, String seriesTable, String groupTable, Duration width) {
        this.code = code;
        this.seriesTable = seriesTable;
        this.groupTable = groupTable;
        this.width = width;
    }

    /** The value of {@code rollup_pending.tier} (codes predate the ten-minute tier, hence not in width order). */
    public int code() {
        return code;
    }

    /** The tier whose {@link #code()} is {@code code}. */
    public static Tier ofCode(int code) {
        for (Tier tier : values()) {
            if (tier.code == code) {
                return tier;
            }
        }
        throw new IllegalArgumentException("unknown rollup tier code " + code);
    }

    /** The per-series table (keyed by series_id), or null for the minute tier, which exists per group only. */
    public String seriesTable() {
        return seriesTable;
    }

    /** The per-group table (keyed by group_id). */
    public String groupTable() {
        return groupTable;
    }

    /** The table of this tier for groups or for series. */
    public String table(boolean groups) {
        return groups ? groupTable : seriesTable;
    }

    public Duration width() {
        return width;
    }

    /** The width in µs. */
    public long widthMicros() {
        return width.toNanos() / 1000;
    }

    /** The start of the bucket of this tier holding {@code epochSeconds}, in seconds since the epoch. */
    public long bucketOf(long epochSeconds) {
        long seconds = width.toSeconds();
        return Math.floorDiv(epochSeconds, seconds) * seconds;
    }

    /** The tier whose buckets enclose this one's, or null for the top tier. */
    public Tier parent() {
        return this == DAY ? null : values()[ordinal() + 1];
    }

    /** Whether buckets of this tier are marked in {@code rollup_pending}; ten-second buckets go with their minute's mark. */
    public boolean marked() {
        return this != TEN_SECONDS;
    }

    /** The tier whose marks cover this one's buckets: itself, or for ten seconds the minute. */
    public Tier markedAs() {
        return marked() ? this : MINUTE;
    }

    /** The tier this one's per-series buckets are computed from, or null when they come from raw rows. */
    Tier source() {
        return this == HOUR || this == DAY ? values()[ordinal() - 1] : null;
    }
}

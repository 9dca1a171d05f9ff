package dev.pyrometer.storage.query;

/** What a read cost: rows fetched (raw rows and rollup buckets) and payload bytes decoded. */
public record ReadStats(long rows, long bytes) {
    public static final ReadStats NONE = new ReadStats(0, 0);

    public ReadStats plus(ReadStats other) {
        return new ReadStats(rows + other.rows, bytes + other.bytes);
    }
}

package dev.pyrometer.bench.common;

import java.util.Arrays;

/** Collects latencies in nanoseconds from many threads and reports percentiles in milliseconds. */
public final class Latencies {
    private long[] values = new long[1 << 16];
    private int size;

    public synchronized void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    public synchronized int count() {
        return size;
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in ms, nearest-rank; NaN when empty. */
    public synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
    }
}

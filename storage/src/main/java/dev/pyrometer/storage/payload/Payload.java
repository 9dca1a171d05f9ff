package dev.pyrometer.storage.payload;

/**
 * The stored body of one snapshot or rollup: values by stack id.
 *
 * @param period        the pprof period, in the profile type's period unit
 * @param durationNanos the covered duration in ns (summed over a rollup's snapshots); 0 when unknown
 * @param stackIds      stack dictionary ids, strictly ascending
 * @param values        {@code values[i]} belongs to {@code stackIds[i]}, in the sample unit
 */
public record Payload(long period, long durationNanos, long[] stackIds, long[] values) {
    public Payload {
        if (stackIds.length != values.length) {
            throw new IllegalArgumentException("stack ids and values differ in length");
        }
    }

    public long total() {
        long total = 0;
        for (long value : values) {
            total += value;
        }
        return total;
    }
}

package dev.pyrometer.storage.payload;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Sums payloads by stack id. Durations add up; the period is the last one merged (the period of
 * one series does not change in practice). Not thread-safe.
 */
public final class PayloadMerger {
    private final Map<Long, Long> valueByStack = new HashMap<>();
    private long period;
    private long durationNanos;
    private int snapshots;

    /** Adds a payload that itself covers {@code payloadSnapshots} snapshots. */
    public void add(Payload payload, int payloadSnapshots) {
        long[] ids = payload.stackIds();
        long[] values = payload.values();
        for (int i = 0; i < ids.length; i++) {
            valueByStack.merge(ids[i], values[i], Long::sum);
        }
        period = payload.period();
        durationNanos += payload.durationNanos();
        snapshots += payloadSnapshots;
    }

    /** Distinct stacks held so far. */
    public int size() {
        return valueByStack.size();
    }

    public int snapshots() {
        return snapshots;
    }

    /** The merged payload; stacks whose values summed to zero are left out. */
    public Payload result() {
        long[] ids = valueByStack.entrySet().stream().filter(e -> e.getValue() != 0).mapToLong(Map.Entry::getKey).toArray();
        Arrays.sort(ids);
        long[] values = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            values[i] = valueByStack.get(ids[i]);
        }
        return new Payload(period, durationNanos, ids, values);
    }
}

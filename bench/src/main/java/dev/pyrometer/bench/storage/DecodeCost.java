package dev.pyrometer.bench.storage;

import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.payload.PayloadMerger;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side's CPU cost of a payload encoding, as a window read pays it: {@link PayloadCodec#decode}
 * of every row, and {@link PayloadMerger} summing the rows of each series. Single thread, in memory
 * (the bytes are already fetched); the median of {@code reps} passes after {@code warmups}.
 *
 * @param decodeNanos        median ns to decode every row once
 * @param decodeMergeNanos   median ns to decode and merge every row once
 */
record DecodeCost(long decodeNanos, long decodeMergeNanos) {

    static DecodeCost measure(List<byte[]> payloads, long[] seriesIds, int warmups, int reps) {
        long[] decode = new long[reps];
        long[] merge = new long[reps];
        long sink = 0;
        for (int rep = -warmups; rep < reps; rep++) {
            long start = System.nanoTime();
            for (byte[] bytes : payloads) {
                sink += PayloadCodec.decode(bytes).stackIds().length;
            }
            long decoded = System.nanoTime();
            Map<Long, PayloadMerger> merged = new HashMap<>();
            for (int i = 0; i < payloads.size(); i++) {
                Payload payload = PayloadCodec.decode(payloads.get(i));
                merged.computeIfAbsent(seriesIds[i], id -> new PayloadMerger()).add(payload, 1);
            }
            long end = System.nanoTime();
            sink += merged.size();
            if (rep >= 0) {
                decode[rep] = decoded - start;
                merge[rep] = end - decoded;
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        return new DecodeCost(median(decode), median(merge));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    void print(String name, int rows, long stacks) {
        System.out.printf("  %-14s decode %6.0f ns/row %6.1f ns/stack | decode + merge %6.0f ns/row %6.1f ns/stack%n", name,
                (double) decodeNanos / rows, (double) decodeNanos / Math.max(1, stacks),
                (double) decodeMergeNanos / rows, (double) decodeMergeNanos / Math.max(1, stacks));
    }
}

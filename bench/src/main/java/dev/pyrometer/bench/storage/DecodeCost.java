package dev.pyrometer.bench.storage;

import dev.pyrometer.storage.payload.Payload;
import dev.pyrometer.storage.payload.PayloadCodec;
import dev.pyrometer.storage.payload.PayloadMerger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read side's CPU cost of payload encodings, as a window read pays it: {@link PayloadCodec#decode}
 * of every row, and {@link PayloadMerger} summing the rows of each series. Single thread, in memory
 * (the bytes are already fetched). Each pass runs every encoding in turn, in reverse order every
 * other pass, so a busy machine and the garbage one leaves for the next slow them alike; the figures
 * are the medians of {@code reps} passes after {@code warmups}.
 *
 * @param decodeNanos      median ns to decode every row once
 * @param decodeMergeNanos median ns to decode and merge every row once
 */
record DecodeCost(long decodeNanos, long decodeMergeNanos) {

    /** The cost of each encoding's payloads (all of them the same rows, in row order; {@code seriesIds[i]} is row i's series). */
    static Map<String, DecodeCost> measure(Map<String, List<byte[]>> encodings, long[] seriesIds, int warmups, int reps) {
        Map<String, long[]> decode = new LinkedHashMap<>();
        Map<String, long[]> merge = new LinkedHashMap<>();
        encodings.keySet().forEach(name -> {
            decode.put(name, new long[reps]);
            merge.put(name, new long[reps]);
        });
        long sink = 0;
        List<Map.Entry<String, List<byte[]>>> order = new ArrayList<>(encodings.entrySet());
        for (int rep = -warmups; rep < reps; rep++) {
            Collections.reverse(order);
            for (Map.Entry<String, List<byte[]>> encoding : order) {
                List<byte[]> payloads = encoding.getValue();
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
                    decode.get(encoding.getKey())[rep] = decoded - start;
                    merge.get(encoding.getKey())[rep] = end - decoded;
                }
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        Map<String, DecodeCost> costs = new LinkedHashMap<>();
        encodings.keySet().forEach(name -> costs.put(name, new DecodeCost(median(decode.get(name)), median(merge.get(name)))));
        return costs;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    void print(String name, int rows, long stacks) {
        System.out.printf("  %-10s decode %6.0f ns/row %6.1f ns/stack | decode + merge %6.0f ns/row %6.1f ns/stack%n", name,
                (double) decodeNanos / rows, (double) decodeNanos / Math.max(1, stacks),
                (double) decodeMergeNanos / rows, (double) decodeMergeNanos / Math.max(1, stacks));
    }
}

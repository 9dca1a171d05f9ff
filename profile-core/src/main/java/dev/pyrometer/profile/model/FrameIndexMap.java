package dev.pyrometer.profile.model;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * A non-negative int per frame, computed once per (frame table, frame index), for code that walks the
 * stacks of many profiles. Profiles read together usually share one {@link FrameTable}, so the cache is
 * kept per table (tables are told apart by identity), never per profile; a table that grows after it was
 * first seen is fine: new indexes are computed on first use. Not thread-safe.
 */
public final class FrameIndexMap {
    private static final int UNSET = -1;

    private final ToIntFunction<Frame> compute;
    private final Map<FrameTable, int[]> byTable = new IdentityHashMap<>();
    private FrameTable lastTable;
    private int[] lastValues;

    /** {@code compute} maps a frame to its int; it must return a value {@code >= 0}. */
    public FrameIndexMap(ToIntFunction<Frame> compute) {
        this.compute = Objects.requireNonNull(compute, "compute");
    }

    /** The int of frame {@code frameIndex} of {@code table}. */
    public int get(FrameTable table, int frameIndex) {
        int[] values = table == lastTable ? lastValues : valuesOf(table);
        if (frameIndex >= values.length) {
            values = grow(table, values);
        }
        int value = values[frameIndex];
        if (value == UNSET) {
            value = compute.applyAsInt(table.get(frameIndex));
            if (value < 0) {
                throw new IllegalStateException("frame mapping returned " + value + ", expected a value >= 0");
            }
            values[frameIndex] = value;
        }
        return value;
    }

    private int[] valuesOf(FrameTable table) {
        int[] values = byTable.get(table);
        if (values == null) {
            values = new int[table.size()];
            Arrays.fill(values, UNSET);
            byTable.put(table, values);
        }
        lastTable = table;
        lastValues = values;
        return values;
    }

    private int[] grow(FrameTable table, int[] values) {
        int[] grown = Arrays.copyOf(values, Math.max(table.size(), values.length * 2));
        Arrays.fill(grown, values.length, grown.length, UNSET);
        byTable.put(table, grown);
        lastTable = table;
        lastValues = grown;
        return grown;
    }
}

package dev.pyrometer.profile.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One snapshot of one series: a single sample type's values by stack, the unit Pyrometer stores.
 *
 * <p>Invariants: stacks are distinct (samples sharing a stack were summed); each stack lists
 * frame indexes of {@link #frames()} leaf first; {@code values[i]} belongs to {@code stacks[i]}.
 * Times are nanoseconds since the epoch; {@code durationNanos} is 0 when unknown. {@code period}
 * is the pprof period in the profile type's period unit.
 */
public record SeriesProfile(
        ProfileType type,
        LabelSet labels,
        long timeNanos,
        long durationNanos,
        long period,
        FrameTable frames,
        int[][] stacks,
        long[] values) {

    public SeriesProfile {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(frames, "frames");
        if (stacks.length != values.length) {
            throw new IllegalArgumentException("stacks and values differ in length: " + stacks.length + " vs " + values.length);
        }
    }

    /** Sum of all values, in the profile type's sample unit. */
    public long total() {
        long total = 0;
        for (long value : values) {
            total += value;
        }
        return total;
    }

    public int stackCount() {
        return stacks.length;
    }

    /** The frames of stack {@code i}, leaf first. */
    public List<Frame> stackFrames(int i) {
        List<Frame> result = new ArrayList<>(stacks[i].length);
        for (int frameIndex : stacks[i]) {
            result.add(frames.get(frameIndex));
        }
        return result;
    }

    /**
     * The profile as a map from resolved stack to value, independent of frame numbering and
     * stack order: two profiles holding the same data have equal maps.
     */
    public Map<List<Frame>, Long> valuesByStack() {
        Map<List<Frame>, Long> byStack = new LinkedHashMap<>();
        for (int i = 0; i < stacks.length; i++) {
            byStack.merge(stackFrames(i), values[i], Long::sum);
        }
        return byStack;
    }
}

package dev.pyrometer.profile.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Interns frames to dense indexes 0..size-1 so that stacks are plain {@code int[]}.
 * Not thread-safe; one table belongs to one decoded upload (shared by its series).
 */
public final class FrameTable {
    private final List<Frame> frames = new ArrayList<>();
    private final Map<Frame, Integer> indexes = new HashMap<>();

    /** The index of {@code frame}, adding it when new. */
    public int intern(Frame frame) {
        Integer known = indexes.get(frame);
        if (known != null) {
            return known;
        }
        int index = frames.size();
        frames.add(frame);
        indexes.put(frame, index);
        return index;
    }

    public Frame get(int index) {
        return frames.get(index);
    }

    public int size() {
        return frames.size();
    }
}

package dev.pyrometer.profile.flamegraph;

import dev.pyrometer.profile.model.FrameIndexMap;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link CallTree} from profiles, aggregating frames by function name: each stack (read from the
 * root side to the leaf) adds its value to the total of every node on its path and to the self of its last
 * node; frameless stacks add to the root's self. Recursion gives nested nodes of the same name, as in any
 * flame graph. Profiles go to a value column each (0 for a flame graph; 0 = left, 1 = right for a diff), and
 * all profiles, in all columns, must have one profile type. Zero values are skipped. Not thread-safe.
 */
public final class CallTreeBuilder {
    private static final int ROOT = 0;

    private final int columns;
    private final Map<String, Integer> nameIds = new HashMap<>();
    private final List<String> names = new ArrayList<>();
    private final FrameIndexMap functionIds = new FrameIndexMap(frame -> nameId(frame.function()));
    private final ChildIndex children = new ChildIndex();
    private int[] nodeNames = new int[256];
    private int[] nodeParents = new int[256];
    private long[] self;
    private long[] total;
    private int size = 1;
    private ProfileType type;

    /** A builder with {@code columns} value columns (at least 1). */
    public CallTreeBuilder(int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("a call tree has at least one column, not " + columns);
        }
        this.columns = columns;
        self = new long[nodeNames.length * columns];
        total = new long[nodeNames.length * columns];
        nodeNames[ROOT] = -1;
        nodeParents[ROOT] = -1;
    }

    /**
     * Adds every stack of {@code profile} to {@code column}.
     *
     * @throws IllegalArgumentException naming both types when {@code profile}'s type differs from the first one added
     */
    public CallTreeBuilder add(int column, SeriesProfile profile) {
        if (column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("column " + column + " of a builder with " + columns + " columns");
        }
        if (type == null) {
            type = profile.type();
        } else if (!type.equals(profile.type())) {
            throw new IllegalArgumentException("cannot build one call tree from profiles of different types: " + type + " and " + profile.type());
        }
        for (int i = 0; i < profile.stackCount(); i++) {
            long value = profile.values()[i];
            if (value != 0) {
                addStack(profile, profile.stacks()[i], column, value);
            }
        }
        return this;
    }

    /** The profile type of the profiles added, or null when none was. */
    public ProfileType type() {
        return type;
    }

    private void addStack(SeriesProfile profile, int[] stack, int column, long value) {
        int node = ROOT;
        total[column] += value;
        for (int depth = stack.length - 1; depth >= 0; depth--) {
            node = child(node, functionIds.get(profile.frames(), stack[depth]));
            total[node * columns + column] += value;
        }
        self[node * columns + column] += value;
    }

    private int child(int parent, int nameId) {
        int known = children.get(parent, nameId);
        if (known >= 0) {
            return known;
        }
        if (size == nodeNames.length) {
            int capacity = size * 2;
            nodeNames = Arrays.copyOf(nodeNames, capacity);
            nodeParents = Arrays.copyOf(nodeParents, capacity);
            self = Arrays.copyOf(self, capacity * columns);
            total = Arrays.copyOf(total, capacity * columns);
        }
        int node = size++;
        nodeNames[node] = nameId;
        nodeParents[node] = parent;
        children.put(parent, nameId, node);
        return node;
    }

    private int nameId(String name) {
        Integer known = nameIds.get(name);
        if (known != null) {
            return known;
        }
        nameIds.put(name, names.size());
        names.add(name);
        return names.size() - 1;
    }

    /** The tree of everything added so far, children ordered by name. */
    public CallTree build() {
        int[] childStart = new int[size + 1];
        long[] sortedChildren = childrenByName(childStart);
        PreorderWriter writer = new PreorderWriter(columns, size);
        write(ROOT, -1, childStart, sortedChildren, writer);
        return writer.build();
    }

    /**
     * The children of every node, grouped by parent ({@code childStart[p]..childStart[p + 1]}) and sorted by
     * name, each packed as {@code nameRank << 32 | node}.
     */
    private long[] childrenByName(int[] childStart) {
        Integer[] byName = new Integer[names.size()];
        Arrays.setAll(byName, i -> i);
        Arrays.sort(byName, (a, b) -> names.get(a).compareTo(names.get(b)));
        int[] rank = new int[names.size()];
        for (int i = 0; i < byName.length; i++) {
            rank[byName[i]] = i;
        }
        for (int node = 1; node < size; node++) {
            childStart[nodeParents[node] + 1]++;
        }
        for (int parent = 0; parent < size; parent++) {
            childStart[parent + 1] += childStart[parent];
        }
        long[] packed = new long[Math.max(0, size - 1)];
        int[] fill = Arrays.copyOf(childStart, size);
        for (int node = 1; node < size; node++) {
            packed[fill[nodeParents[node]]++] = ((long) rank[nodeNames[node]] << 32) | node;
        }
        for (int parent = 0; parent < size; parent++) {
            Arrays.sort(packed, childStart[parent], childStart[parent + 1]);
        }
        return packed;
    }

    /** Recursion depth is the deepest stack, which ingest limits. */
    private void write(int node, int newParent, int[] childStart, long[] sortedChildren, PreorderWriter writer) {
        boolean root = node == ROOT;
        int written = writer.open(root ? CallTree.ROOT_NAME : names.get(nodeNames[node]), root ? NodeKind.ROOT : NodeKind.FUNCTION,
                newParent, self, node * columns, total, node * columns);
        for (int i = childStart[node]; i < childStart[node + 1]; i++) {
            write((int) sortedChildren[i], written, childStart, sortedChildren, writer);
        }
        writer.close(written);
    }
}

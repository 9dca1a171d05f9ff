package dev.pyrometer.profile.callgraph;

import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stacks of one or several profiles of one type with frames replaced by function ids: a call graph
 * node is a function name, as in {@code go tool pprof}'s default granularity, so the lines of a function
 * (and its inlined copies) are one node. Stacks are leaf first; stacks of value 0 are left out, and stacks
 * without frames are kept only in {@link #total()}.
 */
final class FunctionStacks {
    final List<String> names;
    final int[][] stacks;
    final long[] values;
    /** The sum of every value, frameless stacks included, in the type's sample unit. */
    final long total;

    private FunctionStacks(List<String> names, int[][] stacks, long[] values, long total) {
        this.names = names;
        this.stacks = stacks;
        this.values = values;
        this.total = total;
    }

    /** Throws {@link IllegalArgumentException} naming both types when the profiles' types differ. */
    static FunctionStacks of(Iterable<SeriesProfile> profiles) {
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<int[]> stacks = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        ProfileType type = null;
        long total = 0;
        for (SeriesProfile profile : profiles) {
            if (type == null) {
                type = profile.type();
            } else if (!type.equals(profile.type())) {
                throw new IllegalArgumentException("cannot graph profiles of different types: " + type + " and " + profile.type());
            }
            int[] functionOfFrame = new int[profile.frames().size()];
            java.util.Arrays.fill(functionOfFrame, -1);
            for (int i = 0; i < profile.stackCount(); i++) {
                long value = profile.values()[i];
                total += value;
                int[] frames = profile.stacks()[i];
                if (value == 0 || frames.length == 0) {
                    continue;
                }
                int[] functions = new int[frames.length];
                for (int depth = 0; depth < frames.length; depth++) {
                    int frame = frames[depth];
                    if (functionOfFrame[frame] < 0) {
                        functionOfFrame[frame] = ids.computeIfAbsent(profile.frames().get(frame).function(), name -> {
                            names.add(name);
                            return names.size() - 1;
                        });
                    }
                    functions[depth] = functionOfFrame[frame];
                }
                stacks.add(functions);
                values.add(value);
            }
        }
        long[] valueArray = new long[values.size()];
        for (int i = 0; i < valueArray.length; i++) {
            valueArray[i] = values.get(i);
        }
        return new FunctionStacks(List.copyOf(names), stacks.toArray(new int[0][]), valueArray, total);
    }

    int functionCount() {
        return names.size();
    }
}

package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Expands location-index sequences into frame stacks, once per distinct sequence: samples with
 * the same locations share one {@code int[]} stack. Frames are interned in first-use order, every
 * Line of a location a frame (innermost inlined call first), a location without lines one frame
 * named by its address. The distinct stacks together may hold at most
 * {@link ProfileLimits#maxStackFrames()} frames.
 */
final class StackTable {
    private final PprofTables tables;
    private final FrameTable frames;
    private final int maxStackFrames;
    /** Frame index + 1 of each location's frames, 0 until resolved; location i starts at line start + i. */
    private final int[] locationFrames;
    private final IntSequences sequences = new IntSequences();
    private final List<int[]> stacks = new ArrayList<>();
    private long totalFrames;

    StackTable(PprofTables tables, FrameTable frames, ProfileLimits limits) {
        this.tables = tables;
        this.frames = frames;
        this.maxStackFrames = limits.maxStackFrames();
        this.locationFrames = new int[tables.locationLineStart[tables.locations] + tables.locations];
    }

    /**
     * The stack, leaf first, of the locations {@code locations[0, count)} (positions in the
     * location table, leaf first) of sample {@code sample}, whose frames number {@code depth}
     * (the sum of {@link #frameCount}), at most {@link ProfileLimits#maxStackDepth()}.
     */
    int[] stack(int[] locations, int count, int depth, int sample) throws InvalidProfileException {
        int known = sequences.find(locations, count);
        if (known >= 0) {
            return stacks.get(known);
        }
        totalFrames += depth;
        if (totalFrames > maxStackFrames) {
            throw new InvalidProfileException(Problem.TOO_MANY_STACK_FRAMES, "the distinct stacks up to sample " + sample
                    + " hold " + totalFrames + " frames after inline expansion, more than the limit of " + maxStackFrames);
        }
        int[] stack = new int[depth];
        int at = 0;
        for (int i = 0; i < count; i++) {
            at = copyFrames(locations[i], stack, at);
        }
        sequences.add(locations, count);
        stacks.add(stack);
        return stack;
    }

    /** The frames {@code location} expands into: its lines, or 1 when it has none. */
    int frameCount(int location) {
        return Math.max(1, tables.locationLineStart[location + 1] - tables.locationLineStart[location]);
    }

    /** Writes the frames of {@code location} into {@code stack} from {@code at}; returns the next position. */
    private int copyFrames(int location, int[] stack, int at) throws InvalidProfileException {
        int first = tables.locationLineStart[location];
        int slot = first + location;
        int count = frameCount(location);
        if (locationFrames[slot] == 0) {
            resolve(location, first, slot, count);
        }
        for (int i = 0; i < count; i++) {
            stack[at++] = locationFrames[slot + i] - 1;
        }
        return at;
    }

    private void resolve(int location, int firstLine, int slot, int count) throws InvalidProfileException {
        if (tables.locationLineStart[location + 1] == firstLine) {
            String address = "0x" + Long.toHexString(tables.locationAddress[location]);
            locationFrames[slot] = frames.intern(new Frame(address, "", 0)) + 1;
            return;
        }
        for (int i = 0; i < count; i++) {
            int function = tables.functionIndex.find(tables.lineFunction[firstLine + i]);
            Frame frame = new Frame(tables.symbol(tables.functionName[function], "function name"),
                    tables.symbol(tables.functionFile[function], "function filename"), tables.lineNumber[firstLine + i]);
            locationFrames[slot + i] = frames.intern(frame) + 1;
        }
    }
}

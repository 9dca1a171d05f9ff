package dev.pyrometer.profile.testing;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;

/**
 * Small hand-written profiles in "folded" form, one stack per string, root first, value last:
 * {@code "main;handle;parse 3"}; {@code " 2"} is a frameless stack. Frames have no file and line 0;
 * each profile gets its own frame table.
 */
public final class Folded {
    public static final ProfileType CPU = ProfileType.parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds");

    private Folded() {
    }

    public static SeriesProfile profile(String... stacks) {
        return profile(CPU, stacks);
    }

    public static SeriesProfile profile(ProfileType type, String... stacks) {
        FrameTable frames = new FrameTable();
        int[][] indexes = new int[stacks.length][];
        long[] values = new long[stacks.length];
        for (int i = 0; i < stacks.length; i++) {
            int space = stacks[i].lastIndexOf(' ');
            values[i] = Long.parseLong(stacks[i].substring(space + 1));
            String path = stacks[i].substring(0, space);
            String[] names = path.isEmpty() ? new String[0] : path.split(";");
            indexes[i] = new int[names.length];
            for (int depth = 0; depth < names.length; depth++) {
                indexes[i][names.length - 1 - depth] = frames.intern(new Frame(names[depth], "", 0));
            }
        }
        return new SeriesProfile(type, LabelSet.EMPTY, 0, 0, 1, frames, indexes, values);
    }
}

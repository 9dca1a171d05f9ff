package dev.pyrometer.profile.lines;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The numbers {@code go tool pprof -list '^FUNCTION$'} prints for one function of one or several profiles of
 * one type: per source file and line of the function, its flat and cum value. Values are in the profile type's
 * sample unit and are summed over all input profiles (averaging instant types is the window merge's concern,
 * so these add up exactly as the top table's do).
 *
 * <ul>
 *   <li>flat of a line: the values of stacks whose leaf frame (index 0) is the function at that file and line;</li>
 *   <li>cum of a line: the values of stacks that contain a frame of the function at that file and line, once
 *       per stack (pprof's "lines" granularity, which {@code -list} and {@code -lines -top} use);</li>
 *   <li>a file's flat and cum: the sums of its lines' flat and cum, as pprof's "ROUTINE" header adds them. When
 *       one stack passes through two lines of the function (recursion), the file's cum counts it twice, unlike
 *       the top table's cum of the function.</li>
 * </ul>
 *
 * Inline frames are frames of their own (see {@link Frame}), so an inlined call is listed under the function
 * that was inlined, at its own file and line. Frames without a file are left out, as pprof has no source to
 * show them against. Stacks of value 0 are ignored and lines whose flat and cum are both 0 are left out.
 * Files are sorted by name, lines by number.
 *
 * @param function the function's name, as in {@link Frame#function()}
 * @param files    the files holding the function's lines, empty when the profiles do not contain it
 */
public record FunctionLines(String function, List<FileLines> files) {

    /** One line of a file; {@code line} is 1-based, 0 when the profile did not know it. */
    public record Line(long line, long flat, long cum) {
    }

    /** The lines of the function in one file, ascending, with their sums. */
    public record FileLines(String file, long flat, long cum, List<Line> lines) {
        public FileLines {
            Objects.requireNonNull(file, "file");
            lines = List.copyOf(lines);
        }
    }

    public FunctionLines {
        Objects.requireNonNull(function, "function");
        files = List.copyOf(files);
    }

    /**
     * The lines of {@code function} in {@code profiles}, which must all have the same {@link ProfileType};
     * throws {@link IllegalArgumentException} naming both types when they differ.
     */
    public static FunctionLines of(String function, Iterable<SeriesProfile> profiles) {
        Objects.requireNonNull(function, "function");
        Map<String, Map<Long, Sums>> byFile = new TreeMap<>();
        ProfileType type = null;
        long stackNumber = 0;
        for (SeriesProfile profile : profiles) {
            if (type == null) {
                type = profile.type();
            } else if (!type.equals(profile.type())) {
                throw new IllegalArgumentException("cannot list profiles of different types: " + type + " and " + profile.type());
            }
            Sums[] sumsByFrame = sumsByFrame(function, profile, byFile);
            for (int i = 0; i < profile.stackCount(); i++) {
                long value = profile.values()[i];
                if (value == 0) {
                    continue;
                }
                stackNumber++;
                int[] stack = profile.stacks()[i];
                for (int depth = 0; depth < stack.length; depth++) {
                    Sums sums = sumsByFrame[stack[depth]];
                    if (sums == null) {
                        continue;
                    }
                    if (depth == 0) {
                        sums.flat += value;
                    }
                    if (sums.lastStack != stackNumber) {
                        sums.lastStack = stackNumber;
                        sums.cum += value;
                    }
                }
            }
        }
        List<FileLines> files = new ArrayList<>(byFile.size());
        byFile.forEach((file, byLine) -> {
            List<Line> lines = new ArrayList<>(byLine.size());
            long flat = 0;
            long cum = 0;
            for (Map.Entry<Long, Sums> entry : byLine.entrySet()) {
                Sums sums = entry.getValue();
                if (sums.flat != 0 || sums.cum != 0) {
                    lines.add(new Line(entry.getKey(), sums.flat, sums.cum));
                    flat += sums.flat;
                    cum += sums.cum;
                }
            }
            if (!lines.isEmpty()) {
                files.add(new FileLines(file, flat, cum, lines));
            }
        });
        return new FunctionLines(function, files);
    }

    /** Per frame index of {@code profile}: the running sums of its file and line when it is a frame of {@code function}, else null. */
    private static Sums[] sumsByFrame(String function, SeriesProfile profile, Map<String, Map<Long, Sums>> byFile) {
        Sums[] sums = new Sums[profile.frames().size()];
        for (int index = 0; index < sums.length; index++) {
            Frame frame = profile.frames().get(index);
            if (frame.function().equals(function) && !frame.file().isEmpty()) {
                sums[index] = byFile.computeIfAbsent(frame.file(), file -> new TreeMap<>()).computeIfAbsent(frame.line(), line -> new Sums());
            }
        }
        return sums;
    }

    /** Running sums of one line; {@code lastStack} is the number of the last stack counted in cum. */
    private static final class Sums {
        long flat;
        long cum;
        long lastStack;
    }
}

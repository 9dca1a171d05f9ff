package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.pprof.ProfileBuilder;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

import java.util.List;

/**
 * Maps a JFR stack to pprof locations. A frame's function is {@code pkg.Class.method} (nested classes
 * keep their {@code $}), its line the frame's line number (0 when unknown). JFR records no source
 * file, so the file is derived from the class as javac lays sources out: {@code pkg/Outer.java} for
 * {@code pkg.Outer$Inner}. Inlined frames are frames of their own, as JFR reports them.
 */
final class JfrFrames {
    private JfrFrames() {
    }

    /** Location ids, leaf first; an empty array when the event has no stack. */
    static long[] locations(RecordedStackTrace stack, ProfileBuilder builder) {
        if (stack == null) {
            return new long[0];
        }
        List<RecordedFrame> frames = stack.getFrames();
        long[] locations = new long[frames.size()];
        int at = 0;
        for (RecordedFrame frame : frames) {
            RecordedMethod method = frame.getMethod();
            if (method == null) {
                continue;
            }
            String type = method.getType() == null ? "" : method.getType().getName();
            String function = type.isEmpty() ? method.getName() : type + "." + method.getName();
            locations[at++] = builder.location(function, sourceFile(type), Math.max(0, frame.getLineNumber()));
        }
        return at == locations.length ? locations : java.util.Arrays.copyOf(locations, at);
    }

    /** {@code java.util.HashMap$Node} → {@code java/util/HashMap.java}; "" for "". */
    static String sourceFile(String className) {
        if (className.isEmpty()) {
            return "";
        }
        int nested = className.indexOf('$');
        String outer = nested > 0 ? className.substring(0, nested) : className;
        return outer.replace('.', '/') + ".java";
    }
}

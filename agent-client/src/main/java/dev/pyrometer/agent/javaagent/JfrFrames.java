package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.pprof.ProfileBuilder;
import dev.pyrometer.profile.jfr.JavaFrameNames;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;

import java.util.List;

/**
 * Maps a JFR stack to pprof locations, named by {@link JavaFrameNames} as frames of Pyroscope's Java
 * agent are: function {@code pkg/Class.method} (nested classes keep their {@code $}, lambda classes
 * merged), line the frame's line number (0 when unknown), file derived from the class as javac
 * lays sources out ({@code pkg/Outer.java} for {@code pkg.Outer$Inner}). Inlined frames are frames
 * of their own, as JFR reports them.
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
            String function = JavaFrameNames.function(type, method.getName(), frame.isJavaFrame());
            String file = frame.isJavaFrame() ? JavaFrameNames.sourceFile(type) : "";
            locations[at++] = builder.location(function, file, Math.max(0, frame.getLineNumber()));
        }
        return at == locations.length ? locations : java.util.Arrays.copyOf(locations, at);
    }
}

package dev.pyrometer.query.support;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.testing.PprofRaw;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples of {@code go tool pprof -raw} output (pprof's {@code Profile.String()}): one sample type's
 * values summed by resolved stack (leaf first, inlined calls expanded into frames of their own), stacks
 * summing to 0 left out. File names must not contain spaces; function names may.
 */
public final class PprofSamples {

    private PprofSamples() {
    }

    /** The golden file {@code /golden/raw/<name>.txt} of this module. */
    public static Map<List<Frame>, Long> golden(String name, String sampleType) {
        String resource = "/golden/raw/" + name + ".txt";
        return parse(PprofTop.resource(resource), sampleType);
    }

    /** Values of {@code sampleType} by stack; stacks whose values sum to 0 are left out, as our profiles leave them out. */
    public static Map<List<Frame>, Long> parse(String raw, String sampleType) {
        Map<List<Frame>, Long> byStack = new HashMap<>(PprofRaw.valuesByStack(raw, sampleType));
        byStack.values().removeIf(value -> value == 0);
        return byStack;
    }

    /** A stack map as sorted text lines, for readable comparison failures. */
    public static Map<String, Long> text(Map<List<Frame>, Long> byStack) {
        Map<String, Long> text = new TreeMap<>();
        byStack.forEach((stack, value) -> {
            StringBuilder line = new StringBuilder();
            for (Frame frame : stack) {
                line.append(frame.function()).append(' ').append(frame.file()).append(':').append(frame.line()).append(" <- ");
            }
            text.merge(line.toString(), value, Long::sum);
        });
        return text;
    }
}

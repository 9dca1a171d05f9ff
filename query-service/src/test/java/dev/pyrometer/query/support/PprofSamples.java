package dev.pyrometer.query.support;

import dev.pyrometer.profile.model.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of {@code go tool pprof -raw} output (pprof's {@code Profile.String()}): one sample type's
 * values summed by resolved stack (leaf first, inlined calls expanded into frames of their own), stacks
 * summing to 0 left out. File names must not contain spaces; function names may.
 */
public final class PprofSamples {
    private static final Pattern SAMPLE = Pattern.compile("\\s*(-?\\d+(?:\\s+-?\\d+)*):((?:\\s+\\d+)*)\\s*");
    private static final Pattern LABEL = Pattern.compile("\\s+\\S+:\\[.*\\]\\s*");
    private static final Pattern LOCATION = Pattern.compile("\\s*(\\d+): 0x[0-9a-f]+ (?:M=\\d+ )?(?:\\[F\\] )?(.*)");
    private static final Pattern INLINED = Pattern.compile(" {13}(.*)");
    private static final Pattern LINE = Pattern.compile("(.*) (\\S*):(-?\\d+) s=-?\\d+(?:\\(.*\\))?");

    private PprofSamples() {
    }

    /** The golden file {@code /golden/raw/<name>.txt} of this module. */
    public static Map<List<Frame>, Long> golden(String name, String sampleType) {
        String resource = "/golden/raw/" + name + ".txt";
        return parse(PprofTop.resource(resource), sampleType);
    }

    /** Values of {@code sampleType} by stack. */
    public static Map<List<Frame>, Long> parse(String raw, String sampleType) {
        String[] lines = raw.split("\n");
        int samplesAt = indexOf(lines, "Samples:", 0);
        List<String> types = new ArrayList<>();
        for (String type : lines[samplesAt + 1].trim().split("\\s+")) {
            types.add(type.replace("[dflt]", "").split("/")[0]);
        }
        int valueIndex = types.indexOf(sampleType);
        if (valueIndex < 0) {
            throw new IllegalArgumentException("no sample type " + sampleType + " in " + types);
        }
        int locationsAt = indexOf(lines, "Locations", samplesAt);
        Map<Long, List<Frame>> locations = locations(lines, locationsAt + 1);

        Map<List<Frame>, Long> byStack = new HashMap<>();
        for (int i = samplesAt + 2; i < locationsAt; i++) {
            if (LABEL.matcher(lines[i]).matches()) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(lines[i]);
            if (!sample.matches()) {
                throw new IllegalArgumentException("unreadable -raw sample line '" + lines[i] + "'");
            }
            long value = Long.parseLong(sample.group(1).trim().split("\\s+")[valueIndex]);
            List<Frame> stack = new ArrayList<>();
            for (String id : sample.group(2).trim().split("\\s+")) {
                if (!id.isEmpty()) {
                    stack.addAll(locations.get(Long.parseLong(id)));
                }
            }
            byStack.merge(List.copyOf(stack), value, Long::sum);
        }
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

    private static Map<Long, List<Frame>> locations(String[] lines, int from) {
        Map<Long, List<Frame>> locations = new HashMap<>();
        List<Frame> current = null;
        for (int i = from; i < lines.length && !lines[i].startsWith("Mappings"); i++) {
            Matcher location = LOCATION.matcher(lines[i]);
            Matcher inlined = INLINED.matcher(lines[i]);
            if (location.matches()) {
                current = new ArrayList<>();
                locations.put(Long.parseLong(location.group(1)), current);
                if (!location.group(2).isEmpty()) {
                    current.add(frame(location.group(2)));
                }
            } else if (inlined.matches() && current != null) {
                current.add(frame(inlined.group(1)));
            } else {
                throw new IllegalArgumentException("unreadable -raw location line '" + lines[i] + "'");
            }
        }
        return locations;
    }

    private static Frame frame(String text) {
        Matcher line = LINE.matcher(text);
        if (!line.matches()) {
            throw new IllegalArgumentException("unreadable -raw line entry '" + text + "'");
        }
        return new Frame(line.group(1), line.group(2), Long.parseLong(line.group(3)));
    }

    private static int indexOf(String[] lines, String line, int from) {
        for (int i = from; i < lines.length; i++) {
            if (lines[i].equals(line)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no line '" + line + "' in -raw output");
    }
}

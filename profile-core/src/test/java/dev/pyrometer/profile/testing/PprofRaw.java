package dev.pyrometer.profile.testing;

import dev.pyrometer.profile.model.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the samples of {@code go tool pprof -raw} output (pprof's {@code Profile.String()}) back into
 * resolved stacks, so a test can compare what pprof sees with the model. Assumes file names without spaces;
 * function names may contain them.
 */
public final class PprofRaw {
    private static final Pattern SAMPLE = Pattern.compile("\\s*(-?\\d+(?:\\s+-?\\d+)*):((?:\\s+\\d+)*)\\s*");
    private static final Pattern LABEL = Pattern.compile("\\s+\\S+:\\[.*\\]\\s*");
    private static final Pattern LOCATION = Pattern.compile("\\s*(\\d+): 0x[0-9a-f]+ (?:M=\\d+ )?(?:\\[F\\] )?(.*)");
    private static final Pattern INLINED = Pattern.compile(" {13}(.*)");
    private static final Pattern LINE = Pattern.compile("(.*) (\\S*):(-?\\d+) s=-?\\d+(?:\\(.*\\))?");

    private PprofRaw() {
    }

    /** The values of sample type {@code sampleType} (named as in the "Samples:" header), summed by resolved stack. */
    public static Map<List<Frame>, Long> valuesByStack(String raw, String sampleType) {
        String[] lines = raw.split("\n");
        List<String> types = new ArrayList<>();
        for (String type : lines[indexOf(lines, "Samples:", 0) + 1].trim().split("\\s+")) {
            types.add(type.replace("[dflt]", "").split("/")[0]);
        }
        int valueIndex = types.indexOf(sampleType);
        if (valueIndex < 0) {
            throw new IllegalArgumentException("no sample type " + sampleType + " in " + types);
        }
        return valuesByStack(raw, valueIndex);
    }

    /** Value {@code valueIndex} of every sample, summed by resolved stack (leaf first). */
    public static Map<List<Frame>, Long> valuesByStack(String raw, int valueIndex) {
        String[] lines = raw.split("\n");
        int at = indexOf(lines, "Samples:", 0) + 2; // skip the "type/unit ..." line
        int locationsAt = indexOf(lines, "Locations", at);
        Map<Long, List<Frame>> locations = locations(lines, locationsAt + 1);

        Map<List<Frame>, Long> byStack = new LinkedHashMap<>();
        for (int i = at; i < locationsAt; i++) {
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
        return byStack;
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

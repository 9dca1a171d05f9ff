package dev.pyrometer.profile.folded;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collapsed stacks ("folded" text, as Brendan Gregg's flame graph tools and Pyroscope's SDKs write
 * them) turned into a pprof with one sample type. Two formats:
 * <ul>
 *   <li>{@link Format#FOLDED}: one stack per line, frames root first separated by {@code ;}, then a
 *       space and a non-negative integer count: {@code main;work;spin 42}.</li>
 *   <li>{@link Format#LINES}: one stack per line with no count; each line counts 1.</li>
 * </ul>
 * Blank lines are skipped; equal stacks are summed. Limits, checked while reading so that memory
 * stays proportional to what is admitted: the text's size ({@code maxDecompressedBytes}), distinct
 * stacks ({@code maxSamples}), frames per stack ({@code maxStackDepth}), distinct frame names
 * ({@code maxFunctions}) and frames over all distinct stacks ({@code maxStackFrames}). Stateless.
 */
public final class FoldedStacks {
    /** The two collapsed-stack formats. */
    public enum Format { FOLDED, LINES }

    private FoldedStacks() {
    }

    /**
     * @param timeNanos     the pprof's time_nanos
     * @param durationNanos the pprof's duration_nanos
     * @return the encoded pprof (plain protobuf, not gzipped)
     * @throws InvalidProfileException naming the line and the problem
     */
    public static byte[] toPprof(byte[] text, Format format, FoldedSampleType sampleType, long timeNanos, long durationNanos,
                                 ProfileLimits limits) throws InvalidProfileException {
        if (text.length > limits.maxDecompressedBytes()) {
            throw new InvalidProfileException(Problem.DECOMPRESSED_TOO_LARGE, "collapsed stacks are " + text.length
                    + " bytes, more than the limit of " + limits.maxDecompressedBytes());
        }
        String body = utf8(text);
        Map<String, Integer> functions = new HashMap<>();
        Map<StackKey, long[]> stacks = new LinkedHashMap<>();
        long frames = 0;
        int lineNumber = 0;
        int start = 0;
        while (start <= body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            lineNumber++;
            String line = body.substring(start, end).strip();
            start = end + 1;
            if (line.isEmpty()) {
                continue;
            }
            String stackText = line;
            long count = 1;
            if (format == Format.FOLDED) {
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    throw malformed(lineNumber, "has no count: expected 'frame;frame;... count'");
                }
                stackText = line.substring(0, space).strip();
                count = count(line.substring(space + 1), lineNumber);
            }
            String[] names = stackText.split(";", -1);
            if (names.length > limits.maxStackDepth()) {
                throw new InvalidProfileException(Problem.STACK_TOO_DEEP, "line " + lineNumber + " has " + names.length
                        + " frames, more than the limit of " + limits.maxStackDepth());
            }
            int[] ids = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                String name = names[i];
                if (name.isEmpty()) {
                    throw malformed(lineNumber, "has an empty frame");
                }
                Integer id = functions.get(name);
                if (id == null) {
                    if (functions.size() >= limits.maxFunctions()) {
                        throw new InvalidProfileException(Problem.TOO_MANY_SYMBOLS, "more than " + limits.maxFunctions()
                                + " distinct frames (at line " + lineNumber + ")");
                    }
                    id = functions.size() + 1;
                    functions.put(name, id);
                }
                ids[i] = id;
            }
            StackKey key = new StackKey(ids);
            long[] total = stacks.get(key);
            if (total == null) {
                if (stacks.size() >= limits.maxSamples()) {
                    throw new InvalidProfileException(Problem.TOO_MANY_SAMPLES, "more than " + limits.maxSamples()
                            + " distinct stacks (at line " + lineNumber + ")");
                }
                frames += ids.length;
                if (frames > limits.maxStackFrames()) {
                    throw new InvalidProfileException(Problem.TOO_MANY_STACK_FRAMES, "the distinct stacks hold more than "
                            + limits.maxStackFrames() + " frames (at line " + lineNumber + ")");
                }
                stacks.put(key, new long[] {count});
            } else {
                total[0] = Math.addExact(total[0], count);
            }
        }
        return encode(functions, stacks, sampleType, timeNanos, durationNanos);
    }

    private static byte[] encode(Map<String, Integer> functions, Map<StackKey, long[]> stacks, FoldedSampleType sampleType,
                                 long timeNanos, long durationNanos) throws InvalidProfileException {
        List<String> strings = new ArrayList<>(functions.size() + 8);
        strings.add("");
        PprofProto.Profile.Builder pprof = PprofProto.Profile.newBuilder();
        pprof.addSampleType(valueType(strings, sampleType.type(), sampleType.unit()));
        if (!sampleType.periodType().isEmpty()) {
            pprof.setPeriodType(valueType(strings, sampleType.periodType(), sampleType.periodUnit()));
        }
        pprof.setPeriod(sampleType.period()).setTimeNanos(timeNanos).setDurationNanos(durationNanos);
        String[] names = new String[functions.size() + 1];
        functions.forEach((name, id) -> names[id] = name);
        for (int id = 1; id < names.length; id++) {
            strings.add(names[id]);
            pprof.addFunction(PprofProto.Function.newBuilder().setId(id).setName(strings.size() - 1).setSystemName(strings.size() - 1));
            pprof.addLocation(PprofProto.Location.newBuilder().setId(id).addLine(PprofProto.Line.newBuilder().setFunctionId(id)));
        }
        for (Map.Entry<StackKey, long[]> stack : stacks.entrySet()) {
            long value;
            try {
                value = Math.multiplyExact(stack.getValue()[0], sampleType.scale());
            } catch (ArithmeticException e) {
                throw new InvalidProfileException(Problem.MALFORMED, "a count times " + sampleType.scale() + " overflows 64 bits");
            }
            if (value == 0) {
                continue;
            }
            int[] ids = stack.getKey().ids();
            PprofProto.Sample.Builder sample = PprofProto.Sample.newBuilder().addValue(value);
            for (int i = ids.length - 1; i >= 0; i--) {
                sample.addLocationId(ids[i]);
            }
            pprof.addSample(sample);
        }
        pprof.addAllStringTable(strings);
        return pprof.build().toByteArray();
    }

    private static PprofProto.ValueType valueType(List<String> strings, String type, String unit) {
        strings.add(type);
        strings.add(unit);
        return PprofProto.ValueType.newBuilder().setType(strings.size() - 2).setUnit(strings.size() - 1).build();
    }

    private static long count(String text, int lineNumber) throws InvalidProfileException {
        if (text.isEmpty() || text.length() > 19) {
            throw malformed(lineNumber, "has count '" + abbreviate(text) + "', not a non-negative integer");
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw malformed(lineNumber, "has count '" + abbreviate(text) + "', not a non-negative integer");
            }
        }
        return Long.parseLong(text);
    }

    private static String utf8(byte[] text) throws InvalidProfileException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(text)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidProfileException(Problem.MALFORMED, "collapsed stacks are not UTF-8 text");
        }
    }

    private static InvalidProfileException malformed(int lineNumber, String problem) {
        return new InvalidProfileException(Problem.MALFORMED, "line " + lineNumber + " " + problem);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private record StackKey(int[] ids) {
        @Override
        public boolean equals(Object other) {
            return other instanceof StackKey key && Arrays.equals(ids, key.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }
}

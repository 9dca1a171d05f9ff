package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The constant pool entries of one chunk that a profile needs: symbols, classes, methods, stack
 * traces, thread states and frame types; every other pool is skipped. Counts are bounded by
 * {@link ProfileLimits}: symbols by maxStrings, classes and methods by maxFunctions, stack traces
 * by maxSamples, frames per stack by maxStackDepth and all frames by maxStackFrames.
 */
final class JfrPools {
    private final ProfileLimits limits;
    private final Map<Long, String> symbols = new HashMap<>();
    private final Map<Long, Long> classNames = new HashMap<>();
    /** method key → {class key, name symbol key} */
    private final Map<Long, long[]> methods = new HashMap<>();
    private final Map<Long, String> threadStates = new HashMap<>();
    private final Map<Long, String> frameTypes = new HashMap<>();
    /** stack key → index into stackStart/stackLength */
    private final Map<Long, Integer> stacks = new HashMap<>();
    private int[] stackStart = new int[64];
    private int[] stackLength = new int[64];
    private long[] frameMethods = new long[1024];
    private int[] frameLines = new int[1024];
    private long[] frameTypeKeys = new long[1024];
    private int frameCount;

    JfrPools(ProfileLimits limits) {
        this.limits = limits;
    }

    /** Reads a constant pool event's body: after its size and type fields. */
    void readPoolEvent(JfrValues values) throws InvalidProfileException {
        JfrInput in = values.input();
        in.varLong(); // start time
        in.varLong(); // duration
        in.varLong(); // delta to the previous pool
        in.u1(); // flush
        int poolCount = in.count(2, "constant pool");
        for (int p = 0; p < poolCount; p++) {
            JfrMetadata.Type type = metadataType(values, in.varLong());
            int entries = in.count(2, "constant pool entry");
            for (int e = 0; e < entries; e++) {
                readEntry(values, type, in.varLong());
            }
        }
    }

    private JfrMetadata.Type metadataType(JfrValues values, long id) throws InvalidProfileException {
        return values.metadata().type(id);
    }

    private void readEntry(JfrValues values, JfrMetadata.Type type, long key) throws InvalidProfileException {
        switch (type.name()) {
            case "jdk.types.Symbol" -> {
                String s = readOne(values, type, "string");
                put(symbols, key, s == null ? "" : s, limits.maxStrings(), "symbols");
            }
            case "java.lang.Class" -> {
                long[] longs = record(values, type);
                put(classNames, key, field(longs, type, "name"), limits.maxFunctions(), "classes");
            }
            case "jdk.types.Method" -> {
                long[] longs = record(values, type);
                put(methods, key, new long[] {field(longs, type, "type"), field(longs, type, "name")}, limits.maxFunctions(), "methods");
            }
            case "jdk.types.ThreadState" -> threadStates.put(key, readOne(values, type, "name"));
            case "jdk.types.FrameType" -> frameTypes.put(key, readOne(values, type, "description"));
            case "jdk.types.StackTrace" -> readStack(values, type, key);
            default -> values.skipValue(type, 1);
        }
    }

    private void readStack(JfrValues values, JfrMetadata.Type type, long key) throws InvalidProfileException {
        JfrInput in = values.input();
        int start = frameCount;
        for (JfrMetadata.Field field : type.fields()) {
            if (!field.name().equals("frames") || !field.array() || field.constantPool()) {
                values.skipField(field, 1);
                continue;
            }
            JfrMetadata.Type frameType = values.metadata().type(field.typeId());
            int n = in.count(1, "stack frame");
            if (n > limits.maxStackDepth()) {
                throw new InvalidProfileException(Problem.STACK_TOO_DEEP,
                        "JFR stack trace has " + n + " frames, over the limit of " + limits.maxStackDepth());
            }
            if ((long) frameCount + n > limits.maxStackFrames()) {
                throw new InvalidProfileException(Problem.TOO_MANY_STACK_FRAMES,
                        "JFR stack traces hold more than " + limits.maxStackFrames() + " frames");
            }
            ensureFrames(frameCount + n);
            int method = frameType.fieldIndex("method");
            int line = frameType.fieldIndex("lineNumber");
            int kind = frameType.fieldIndex("type");
            long[] longs = new long[frameType.fields().size()];
            String[] strings = new String[longs.length];
            for (int i = 0; i < n; i++) {
                Arrays.fill(longs, 0);
                values.read(frameType, longs, strings);
                frameMethods[frameCount] = method < 0 ? 0 : longs[method];
                frameLines[frameCount] = line < 0 ? 0 : (int) longs[line];
                frameTypeKeys[frameCount] = kind < 0 ? 0 : longs[kind];
                frameCount++;
            }
        }
        int index = stacks.size();
        if (stacks.containsKey(key)) {
            index = stacks.get(key);
        } else if (index >= limits.maxSamples()) {
            throw new InvalidProfileException(Problem.TOO_MANY_SAMPLES, "JFR recording holds more than " + limits.maxSamples() + " stack traces");
        }
        if (index >= stackStart.length) {
            stackStart = Arrays.copyOf(stackStart, index * 2);
            stackLength = Arrays.copyOf(stackLength, index * 2);
        }
        stackStart[index] = start;
        stackLength[index] = frameCount - start;
        stacks.put(key, index);
    }

    private void ensureFrames(int needed) {
        if (needed > frameMethods.length) {
            int size = Math.max(needed, frameMethods.length * 2);
            frameMethods = Arrays.copyOf(frameMethods, size);
            frameLines = Arrays.copyOf(frameLines, size);
            frameTypeKeys = Arrays.copyOf(frameTypeKeys, size);
        }
    }

    private static String readOne(JfrValues values, JfrMetadata.Type type, String name) throws InvalidProfileException {
        String[] strings = new String[type.fields().size()];
        values.read(type, new long[strings.length], strings);
        int i = type.fieldIndex(name);
        return i < 0 ? null : strings[i];
    }

    private static long[] record(JfrValues values, JfrMetadata.Type type) throws InvalidProfileException {
        long[] longs = new long[type.fields().size()];
        values.read(type, longs, new String[longs.length]);
        return longs;
    }

    private static long field(long[] longs, JfrMetadata.Type type, String name) {
        int i = type.fieldIndex(name);
        return i < 0 ? 0 : longs[i];
    }

    private static <V> void put(Map<Long, V> map, long key, V value, int limit, String what) throws InvalidProfileException {
        if (map.put(key, value) == null && map.size() > limit) {
            throw new InvalidProfileException(Problem.TOO_MANY_SYMBOLS, "JFR recording holds more than " + limit + " " + what);
        }
    }

    /** The stack index for a key, or -1 when the chunk holds no such stack trace. */
    int stack(long key) {
        Integer index = stacks.get(key);
        return index == null ? -1 : index;
    }

    int stackLength(int stack) {
        return stackLength[stack];
    }

    /** Method key of frame {@code i} (0 = leaf) of a stack. */
    long frameMethod(int stack, int i) {
        return frameMethods[stackStart[stack] + i];
    }

    int frameLine(int stack, int i) {
        return frameLines[stackStart[stack] + i];
    }

    /** The frame type's description ("Interpreted", "JIT compiled", "Inlined", "Native", "C++", …), or null. */
    String frameType(int stack, int i) {
        return frameTypes.get(frameTypeKeys[stackStart[stack] + i]);
    }

    String threadState(long key) {
        return threadStates.get(key);
    }

    /** {class name, method name} of a method key, or null when the class or names cannot be resolved. */
    String[] method(long key) {
        long[] method = methods.get(key);
        if (method == null) {
            return null;
        }
        Long classNameKey = classNames.get(method[0]);
        String className = classNameKey == null ? null : symbols.get(classNameKey);
        String methodName = symbols.get(method[1]);
        if (className == null || methodName == null) {
            return null;
        }
        return new String[] {className, methodName};
    }
}

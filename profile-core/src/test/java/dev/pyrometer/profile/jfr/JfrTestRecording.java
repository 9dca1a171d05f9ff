package dev.pyrometer.profile.jfr;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one-chunk JFR recordings shaped as stock async-profiler writes them: a metadata event
 * describing the types, {@code jdk.ExecutionSample} events (startTime, sampledThread, stackTrace,
 * state: no Pyroscope context fields), then one constant pool event with
 * symbols, classes, methods, frame types, thread states and stack traces, every type with the
 * fields async-profiler 4.5 declares for it. Method {@code i} is
 * {@code demo/Work.m<i>}; stack {@code s} holds the methods listed for it, leaf first.
 * <p>
 * A hostile recording keeps this shape but declares a huge count or length at one place while
 * the bytes that follow stay those of the honest recording (see {@link Lie}).
 */
public final class JfrTestRecording {
    /** Where a hostile recording declares a huge count or length (see {@link #lie}) instead of the honest one. */
    public enum Lie {
        NONE,
        /** the first symbol's UTF-8 length */
        STRING_LENGTH,
        /** the number of constant pools in the pool event */
        POOL_COUNT,
        /** the number of entries in the symbol pool */
        POOL_ENTRY_COUNT,
        /** the number of frames of the first stack trace */
        STACK_FRAME_COUNT,
        /** the number of strings of the metadata event (an array length) */
        METADATA_STRING_COUNT
    }

    /** The huge count a lie declares unless told otherwise: 2^31 - 1. */
    public static final long HUGE = Integer.MAX_VALUE;

    private static final long LONG = 1, INT = 2, BOOLEAN = 3, STRING = 4, SYMBOL = 10, CLASS = 11, METHOD = 12,
            STACK_TRACE = 13, STACK_FRAME = 14, FRAME_TYPE = 15, THREAD_STATE = 16, THREAD = 17, CLASS_LOADER = 18, PACKAGE = 19,
            EXECUTION_SAMPLE = 20;
    private static final long RUNNABLE = 1, JIT = 1;

    private final int methods;
    private final List<int[]> stacks = new ArrayList<>();
    private final List<int[]> samples = new ArrayList<>();
    private Lie lie = Lie.NONE;
    private long declared = HUGE;

    /** A recording whose methods are demo/Work.m0 … m{methods-1}. */
    public JfrTestRecording(int methods) {
        this.methods = methods;
    }

    /** Adds a stack trace of method indexes, leaf first; returns its id (from 1). */
    public int stack(int... methodIndexes) {
        stacks.add(methodIndexes);
        return stacks.size();
    }

    /** Adds {@code count} RUNNABLE execution samples of a stack id. */
    public JfrTestRecording samples(int stackId, int count) {
        samples.add(new int[] {stackId, count});
        return this;
    }

    public JfrTestRecording lie(Lie lie) {
        return lie(lie, HUGE);
    }

    /** Declares {@code declared} at the place {@code lie} names. */
    public JfrTestRecording lie(Lie lie, long declared) {
        this.lie = lie;
        this.declared = declared;
        return this;
    }

    /** The recording, not compressed. */
    public byte[] bytes() {
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        for (int[] sample : samples) {
            for (int i = 0; i < sample[1]; i++) {
                Out e = new Out().varLong(EXECUTION_SAMPLE).varLong(1000 + i).varLong(0).varLong(sample[0]).varLong(RUNNABLE);
                events.writeBytes(e.event());
            }
        }
        events.writeBytes(pools().event());
        byte[] metadata = metadata().event();
        int metadataOffset = 68 + events.size();
        int chunkSize = metadataOffset + metadata.length;
        ByteBuffer header = ByteBuffer.allocate(68);
        header.putInt(0x464c5200).putShort((short) 2).putShort((short) 0).putLong(chunkSize)
                .putLong(68 + events.size() - pools().event().length).putLong(metadataOffset)
                .putLong(1_700_000_000_000_000_000L).putLong(1_000_000_000L).putLong(0).putLong(1_000_000_000L).putInt(1);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.writeBytes(header.array());
        chunk.writeBytes(events.toByteArray());
        chunk.writeBytes(metadata);
        return chunk.toByteArray();
    }

    private Out pools() {
        Out p = new Out().varLong(1).varLong(0).varLong(0).varLong(0).u1(1);
        p.varLong(lie == Lie.POOL_COUNT ? declared : 6);
        // symbols: 1 = "demo/Work", 2 = "()V", 3.. = method names
        p.varLong(SYMBOL).varLong(lie == Lie.POOL_ENTRY_COUNT ? declared : 2 + methods);
        p.varLong(1);
        if (lie == Lie.STRING_LENGTH) {
            p.u1(3).varLong(declared).raw("demo/Work");
        } else {
            p.string("demo/Work");
        }
        p.varLong(2).string("()V");
        for (int m = 0; m < methods; m++) {
            p.varLong(3 + m).string("m" + m);
        }
        // class 1: no class loader, name symbol 1, no package, public
        p.varLong(CLASS).varLong(1).varLong(1).varLong(0).varLong(1).varLong(0).varLong(1);
        p.varLong(METHOD).varLong(methods);
        for (int m = 0; m < methods; m++) {
            // type, name, descriptor, modifiers, hidden
            p.varLong(m + 1).varLong(1).varLong(3 + m).varLong(2).varLong(1).u1(0);
        }
        p.varLong(FRAME_TYPE).varLong(1).varLong(JIT).string("JIT compiled");
        p.varLong(THREAD_STATE).varLong(1).varLong(RUNNABLE).string("STATE_RUNNABLE");
        p.varLong(STACK_TRACE).varLong(stacks.size());
        for (int s = 0; s < stacks.size(); s++) {
            int[] frames = stacks.get(s);
            p.varLong(s + 1).u1(0).varLong(lie == Lie.STACK_FRAME_COUNT && s == 0 ? declared : frames.length);
            for (int method : frames) {
                p.varLong(method + 1).varLong(10 + method).varLong(0).varLong(JIT);
            }
        }
        return p;
    }

    private Out metadata() {
        Strings strings = new Strings();
        Element root = new Element("root");
        Element meta = root.child("metadata");
        primitive(meta, LONG, "long");
        primitive(meta, INT, "int");
        primitive(meta, BOOLEAN, "boolean");
        primitive(meta, STRING, "java.lang.String");
        type(meta, SYMBOL, "jdk.types.Symbol", null).attribute("simpleType", "true").field("string", STRING, false, false);
        type(meta, CLASS_LOADER, "jdk.types.ClassLoader", null).field("type", CLASS, true, false).field("name", SYMBOL, true, false);
        type(meta, PACKAGE, "jdk.types.Package", null).field("name", SYMBOL, true, false);
        type(meta, CLASS, "java.lang.Class", null).field("classLoader", CLASS_LOADER, true, false)
                .field("name", SYMBOL, true, false).field("package", PACKAGE, true, false).field("modifiers", INT, false, false);
        type(meta, METHOD, "jdk.types.Method", null).field("type", CLASS, true, false).field("name", SYMBOL, true, false)
                .field("descriptor", SYMBOL, true, false).field("modifiers", INT, false, false).field("hidden", BOOLEAN, false, false);
        type(meta, STACK_TRACE, "jdk.types.StackTrace", null)
                .field("truncated", BOOLEAN, false, false).field("frames", STACK_FRAME, false, true);
        type(meta, STACK_FRAME, "jdk.types.StackFrame", null).field("method", METHOD, true, false)
                .field("lineNumber", INT, false, false).field("bytecodeIndex", INT, false, false)
                .field("type", FRAME_TYPE, true, false);
        type(meta, FRAME_TYPE, "jdk.types.FrameType", null).attribute("simpleType", "true").field("description", STRING, false, false);
        type(meta, THREAD_STATE, "jdk.types.ThreadState", null).attribute("simpleType", "true").field("name", STRING, false, false);
        type(meta, THREAD, "java.lang.Thread", null).field("osName", STRING, false, false).field("osThreadId", LONG, false, false)
                .field("javaName", STRING, false, false).field("javaThreadId", LONG, false, false);
        type(meta, EXECUTION_SAMPLE, "jdk.ExecutionSample", "jdk.jfr.Event").field("startTime", LONG, false, false)
                .field("sampledThread", THREAD, true, false).field("stackTrace", STACK_TRACE, true, false).field("state", THREAD_STATE, true, false);
        root.child("region").attribute("locale", "en_US").attribute("gmtOffset", "0");
        root.intern(strings);
        Out m = new Out().varLong(0).varLong(0).varLong(0).varLong(1);
        m.varLong(lie == Lie.METADATA_STRING_COUNT ? declared : strings.index.size());
        strings.index.keySet().forEach(m::string);
        root.write(m, strings);
        return m;
    }

    private static void primitive(Element meta, long id, String name) {
        meta.child("class").attribute("id", Long.toString(id)).attribute("name", name);
    }

    private static Element type(Element meta, long id, String name, String superType) {
        Element cls = meta.child("class").attribute("id", Long.toString(id)).attribute("name", name);
        return superType == null ? cls : cls.attribute("superType", superType);
    }

    private static final class Strings {
        final Map<String, Integer> index = new LinkedHashMap<>();

        void add(String s) {
            index.putIfAbsent(s, index.size());
        }
    }

    private static final class Element {
        final String name;
        final Map<String, String> attributes = new LinkedHashMap<>();
        final List<Element> children = new ArrayList<>();

        Element(String name) {
            this.name = name;
        }

        Element child(String childName) {
            Element child = new Element(childName);
            children.add(child);
            return child;
        }

        Element attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        Element field(String fieldName, long typeId, boolean constantPool, boolean array) {
            Element field = child("field").attribute("name", fieldName).attribute("class", Long.toString(typeId));
            if (constantPool) {
                field.attribute("constantPool", "true");
            }
            if (array) {
                field.attribute("dimension", "1");
            }
            return this;
        }

        void intern(Strings strings) {
            strings.add(name);
            attributes.forEach((k, v) -> {
                strings.add(k);
                strings.add(v);
            });
            children.forEach(c -> c.intern(strings));
        }

        void write(Out out, Strings strings) {
            out.varLong(strings.index.get(name)).varLong(attributes.size());
            attributes.forEach((k, v) -> out.varLong(strings.index.get(k)).varLong(strings.index.get(v)));
            out.varLong(children.size());
            children.forEach(c -> c.write(out, strings));
        }
    }

    /** An event body; {@link #event()} prefixes its size as a padded 4-byte compressed int, as the JDK writes it. */
    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Out u1(int b) {
            bytes.write(b);
            return this;
        }

        Out varLong(long v) {
            while ((v & ~0x7fL) != 0) {
                bytes.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            bytes.write((int) v);
            return this;
        }

        Out raw(String s) {
            bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Out string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u1(3).varLong(utf8.length);
            bytes.writeBytes(utf8);
            return this;
        }

        byte[] event() {
            int size = bytes.size() + 4;
            ByteArrayOutputStream event = new ByteArrayOutputStream();
            event.write((size & 0x7f) | 0x80);
            event.write(((size >>> 7) & 0x7f) | 0x80);
            event.write(((size >>> 14) & 0x7f) | 0x80);
            event.write((size >>> 21) & 0x7f);
            event.writeBytes(bytes.toByteArray());
            return event.toByteArray();
        }
    }
}

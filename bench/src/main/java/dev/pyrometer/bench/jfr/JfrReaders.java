package dev.pyrometer.bench.jfr;

import dev.pyrometer.profile.jfr.JfrConverter;
import dev.pyrometer.profile.jfr.JfrProfile;
import dev.pyrometer.profile.pprof.BoundedGunzip;
import dev.pyrometer.profile.validation.ProfileLimits;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import one.jfr.ClassRef;
import one.jfr.JfrReader;
import one.jfr.MethodRef;
import one.jfr.StackTrace;
import one.jfr.event.Event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three readers the bench compares. Each takes the {@code jfr} part (gzipped or plain, inflated
 * within profile-core's limit) and returns how many events it produced. The JDK's and
 * async-profiler's readers resolve every sample event's stack to "class.method" frame names, once
 * per distinct stack trace object, and count samples per leaf name: the least a converter to
 * pprof needs. Ours converts to pprof, which is more work than that.
 */
final class JfrReaders {
    interface Reader {
        String name();

        /** Reads one recording; returns the events it produced (ours: the bytes of pprof it built). */
        long read(byte[] jfr) throws Exception;
    }

    private static final ProfileLimits LIMITS = ProfileLimits.defaults();

    static List<Reader> all() {
        return List.of(new Ours(), new JdkConsumer(), new AsyncProfiler());
    }

    /** profile-core's JfrConverter, end to end: inflate, read, build the pprofs and encode them. */
    static final class Ours implements Reader {
        public String name() {
            return "ours";
        }

        public long read(byte[] jfr) throws Exception {
            long bytes = 0;
            for (JfrProfile profile : new JfrConverter(LIMITS).convert(jfr, null, 100)) {
                bytes += profile.pprof().length;
            }
            return bytes;
        }
    }

    /** jdk.jfr.consumer.RecordingFile over a temp file (the API reads files only); the file's cost included. */
    static final class JdkConsumer implements Reader {
        public String name() {
            return "jdk.jfr";
        }

        public long read(byte[] jfr) throws Exception {
            byte[] plain = BoundedGunzip.inflate(jfr, LIMITS.maxDecompressedBytes());
            Path file = Files.createTempFile("bench", ".jfr");
            try {
                Files.write(file, plain);
                Map<RecordedStackTrace, String> leaves = new IdentityHashMap<>();
                Map<String, Long> byLeaf = new HashMap<>();
                long events = 0;
                try (RecordingFile recording = new RecordingFile(file)) {
                    while (recording.hasMoreEvents()) {
                        RecordedEvent event = recording.readEvent();
                        events++;
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack != null) {
                            byLeaf.merge(leaves.computeIfAbsent(stack, JdkConsumer::names), 1L, Long::sum);
                        }
                    }
                }
                return events;
            } finally {
                Files.delete(file);
            }
        }

        private static String names(RecordedStackTrace stack) {
            String leaf = null;
            for (RecordedFrame frame : stack.getFrames()) {
                String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                leaf = leaf == null ? name : leaf;
            }
            return leaf == null ? "" : leaf;
        }
    }

    /** async-profiler's one.jfr.JfrReader (tools.profiler:jfr-converter) over a heap buffer. */
    static final class AsyncProfiler implements Reader {
        public String name() {
            return "one.jfr";
        }

        public long read(byte[] jfr) throws Exception {
            byte[] plain = BoundedGunzip.inflate(jfr, LIMITS.maxDecompressedBytes());
            Map<StackTrace, String> leaves = new IdentityHashMap<>();
            Map<String, Long> byLeaf = new HashMap<>();
            long events = 0;
            try (JfrReader reader = new JfrReader(ByteBuffer.wrap(plain))) {
                for (Event event; (event = reader.readEvent()) != null; ) {
                    events++;
                    StackTrace stack = reader.stackTraces.get(event.stackTraceId);
                    if (stack != null) {
                        byLeaf.merge(leaves.computeIfAbsent(stack, s -> names(reader, s)), 1L, Long::sum);
                    }
                }
            }
            return events;
        }

        private static String names(JfrReader reader, StackTrace stack) {
            String leaf = null;
            for (long methodId : stack.methods) {
                MethodRef method = reader.methods.get(methodId);
                if (method == null) {
                    continue;
                }
                ClassRef cls = reader.classes.get(method.cls);
                String name = symbol(reader, cls == null ? 0 : cls.name) + "." + symbol(reader, method.name);
                leaf = leaf == null ? name : leaf;
            }
            return leaf == null ? "" : leaf;
        }

        private static String symbol(JfrReader reader, long id) {
            byte[] bytes = reader.symbols.get(id);
            return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private JfrReaders() {
    }
}

package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.testing.Series;
import dev.pyrometer.profile.jfr.JavaFrameNames;
import dev.pyrometer.profile.jfr.JfrConverter;
import dev.pyrometer.profile.jfr.JfrProfile;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.protocol.pprof.PprofProto;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Flight Recorder events of this JVM, converted the way the javaagent converts its stream. */
class JfrEventsTest {
    private static volatile long sink;

    @Test
    void cpuEventsBecomePprofWithJavaFunctionNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10)).withStackTrace();
            recording.start();
            spin(1500);
            recording.stop();
            recording.dump(file);
        }
        JfrWindow window = new JfrWindow(EnumSet.of(JfrProfileKind.CPU), Map.of(JfrProfileKind.CPU, 10_000_000L));
        JfrEvents events = new JfrEvents(window, 10_000_000L);
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            events.accept(event);
        }

        Map<JfrProfileKind, PprofProto.Profile> profiles = window.cut(1_000, 3_000);

        SeriesProfile cpu = Series.ofType(PprofCodec.encode(profiles.get(JfrProfileKind.CPU)), "process_cpu", "cpu");
        assertThat(cpu.type().id()).isEqualTo("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        assertThat(cpu.period()).isEqualTo(10_000_000L);
        assertThat(cpu.durationNanos()).isEqualTo(2_000);
        assertThat(cpu.total() % 10_000_000L).as("whole sampling periods").isZero();
        String spin = JfrEventsTest.class.getName().replace('.', '/') + ".spin";
        assertThat(FunctionTotals.of(List.of(cpu)).rows().get(0).function()).isEqualTo(spin);
        Frame frame = frames(cpu).stream().filter(f -> f.function().equals(spin)).findFirst().orElseThrow();
        assertThat(frame.file()).isEqualTo("dev/pyrometer/agent/javaagent/JfrEventsTest.java");
        assertThat(frame.line()).isPositive();

        assertThat(window.cut(3_000, 4_000).get(JfrProfileKind.CPU).getSampleCount()).as("the next window starts empty").isZero();
    }

    /**
     * The JDK's TLAB events become Pyroscope's Java allocation types with, per type, the very totals
     * profile-core's JFR ingest computes from the same recording (the path Grafana's Java agent's
     * uploads take): 1 object per event, tlabSize bytes in a new TLAB, allocationSize bytes outside.
     * Allocation samples likewise give the alloc_sample types.
     */
    @Test
    void allocationEventsGiveTheTypesAndTotalsTheJfrIngestGivesTheSameEvents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("alloc.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationInNewTLAB").withStackTrace();
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s").withStackTrace();
            recording.start();
            allocateSmall(300);
            allocateLarge(16);
            recording.stop();
            recording.dump(file);
        }
        Set<JfrProfileKind> kinds = EnumSet.of(JfrProfileKind.ALLOC_IN_NEW_TLAB, JfrProfileKind.ALLOC_OUTSIDE_TLAB, JfrProfileKind.ALLOC_SAMPLE);
        JfrWindow window = new JfrWindow(kinds, Map.of());
        JfrEvents events = new JfrEvents(window, 10_000_000L);
        List<RecordedEvent> recorded = RecordingFile.readAllEvents(file);
        recorded.forEach(events::accept);
        Map<String, SeriesProfile> ours = new TreeMap<>();
        window.cut(1_000, 3_000).values().forEach(pprof -> Series.of(PprofCodec.encode(pprof), "memory").forEach(s -> ours.put(s.type().id(), s)));

        assertThat(ours.keySet()).containsExactly(
                "memory:alloc_in_new_tlab_bytes:bytes:space:bytes", "memory:alloc_in_new_tlab_objects:count:space:bytes",
                "memory:alloc_outside_tlab_bytes:bytes:space:bytes", "memory:alloc_outside_tlab_objects:count:space:bytes",
                "memory:alloc_sample_bytes:bytes:space:bytes", "memory:alloc_sample_objects:count:space:bytes");
        assertThat(ours.get("memory:alloc_in_new_tlab_objects:count:space:bytes").total()).isEqualTo(count(recorded, "jdk.ObjectAllocationInNewTLAB"));
        assertThat(ours.get("memory:alloc_in_new_tlab_bytes:bytes:space:bytes").total())
                .isEqualTo(sum(recorded, "jdk.ObjectAllocationInNewTLAB", "tlabSize"));
        assertThat(ours.get("memory:alloc_outside_tlab_objects:count:space:bytes").total())
                .isEqualTo(count(recorded, "jdk.ObjectAllocationOutsideTLAB")).isGreaterThanOrEqualTo(16);
        assertThat(ours.get("memory:alloc_outside_tlab_bytes:bytes:space:bytes").total())
                .isEqualTo(sum(recorded, "jdk.ObjectAllocationOutsideTLAB", "allocationSize")).isGreaterThanOrEqualTo(16L * LARGE);
        assertThat(ours.get("memory:alloc_sample_bytes:bytes:space:bytes").total()).isEqualTo(sum(recorded, "jdk.ObjectAllocationSample", "weight"));

        Map<String, Long> ingest = new TreeMap<>();
        for (JfrProfile profile : new JfrConverter(ProfileLimits.defaults()).convert(Files.readAllBytes(file), null, 0)) {
            Series.of(profile.pprof(), profile.profileName()).forEach(s -> ingest.merge(s.type().id(), s.total(), Long::sum));
        }
        Map<String, Long> ourTotals = new TreeMap<>();
        ours.forEach((type, series) -> ourTotals.put(type, series.total()));
        assertThat(ingest).as("the JFR ingest's totals of the same recording").containsAllEntriesOf(ourTotals);

        String prefix = JfrEventsTest.class.getName().replace('.', '/');
        assertThat(top(ours.get("memory:alloc_in_new_tlab_bytes:bytes:space:bytes"))).isEqualTo(prefix + ".allocateSmall");
        assertThat(top(ours.get("memory:alloc_outside_tlab_bytes:bytes:space:bytes"))).isEqualTo(prefix + ".allocateLarge");
        assertThat(window.cut(3_000, 4_000).get(JfrProfileKind.ALLOC_IN_NEW_TLAB).getSampleCount()).as("the next window starts empty").isZero();
    }

    @Test
    void sourceFilesFollowJavacLayout() {
        assertThat(JavaFrameNames.sourceFile("java.util.HashMap$Node")).isEqualTo("java/util/HashMap.java");
        assertThat(JavaFrameNames.sourceFile("Main")).isEqualTo("Main.java");
        assertThat(JavaFrameNames.sourceFile("")).isEmpty();
    }

    private static List<Frame> frames(SeriesProfile profile) {
        return java.util.stream.IntStream.range(0, profile.stackCount()).mapToObj(profile::stackFrames).flatMap(List::stream).toList();
    }

    private static void spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        sink += x;
    }

    private static String top(SeriesProfile profile) {
        return FunctionTotals.of(List.of(profile)).rows().get(0).function();
    }

    private static long count(List<RecordedEvent> events, String type) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).count();
    }

    private static long sum(List<RecordedEvent> events, String type, String field) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).mapToLong(e -> e.getLong(field)).sum();
    }

    /** Small arrays, so the thread keeps taking new TLABs. */
    private static void allocateSmall(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            byte[] garbage = new byte[1 << 10];
            sink += garbage.length;
        }
    }

    /** Bytes of each {@link #allocateLarge} array: larger than any TLAB of a test JVM, so allocated outside one. */
    private static final int LARGE = 16 << 20;

    private static void allocateLarge(int arrays) {
        for (int i = 0; i < arrays; i++) {
            byte[] garbage = new byte[LARGE];
            sink += garbage.length;
        }
    }
}

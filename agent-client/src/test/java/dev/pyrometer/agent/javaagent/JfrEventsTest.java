package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.testing.Series;
import dev.pyrometer.profile.jfr.JavaFrameNames;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.protocol.pprof.PprofProto;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Real Flight Recorder events of this JVM, converted the way the javaagent converts its stream. */
class JfrEventsTest {
    private static volatile long sink;

    @Test
    void cpuAndAllocationEventsBecomePprofWithJavaFunctionNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("test.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10)).withStackTrace();
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "1000/s").withStackTrace();
            recording.start();
            spin(1500);
            allocate(300);
            recording.stop();
            recording.dump(file);
        }
        JfrWindow window = new JfrWindow(EnumSet.of(JfrProfileKind.CPU, JfrProfileKind.ALLOC), Map.of(JfrProfileKind.CPU, 10_000_000L));
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

        SeriesProfile alloc = Series.ofType(PprofCodec.encode(profiles.get(JfrProfileKind.ALLOC)), "memory", "alloc_sample_bytes");
        assertThat(alloc.type().id()).isEqualTo("memory:alloc_sample_bytes:bytes:space:bytes");
        assertThat(FunctionTotals.of(List.of(alloc)).rows()).anySatisfy(row -> {
            assertThat(row.function()).isEqualTo(JfrEventsTest.class.getName().replace('.', '/') + ".allocate");
            assertThat(row.flat()).isPositive();
        });

        assertThat(window.cut(3_000, 4_000).get(JfrProfileKind.CPU).getSampleCount()).as("the next window starts empty").isZero();
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

    private static void allocate(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            byte[] garbage = new byte[64 << 10];
            sink += garbage.length;
        }
    }
}

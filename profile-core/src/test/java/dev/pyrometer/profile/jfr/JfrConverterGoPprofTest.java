package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.testing.GoPprof;
import dev.pyrometer.profile.validation.ProfileLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The converted pprof as {@code go tool pprof -top} reads it: the totals and top functions JfrConverterTest asserts. */
class JfrConverterGoPprofTest {
    @TempDir
    Path dir;

    @Test
    void goToolPprofReadsTheSameTotalsAndTopFunctions() throws Exception {
        CapturedUpload upload = CapturedUpload.load("cpu-alloc-lock-1");
        List<JfrProfile> profiles = new JfrConverter(ProfileLimits.defaults()).convert(upload.part("jfr"), upload.part("labels"), 100);

        String cpu = GoPprof.top("cpu", "nanoseconds", write(profiles, "process_cpu", "{workload=\"hot\"}"));
        assertThat(cpu).contains("of 3950000000ns total");
        assertThat(firstRow(cpu)).endsWith(" PyroscopeWorkload.burnCpu");

        String alloc = GoPprof.top("alloc_in_new_tlab_bytes", "bytes", write(profiles, "memory", "{workload=\"alloc\"}"));
        assertThat(alloc).contains("of 1606942720B total");
        assertThat(firstRow(alloc)).endsWith(" PyroscopeWorkload.allocate");

        String mutex = GoPprof.top("delay", "nanoseconds", write(profiles, "mutex", "{}"));
        assertThat(mutex).contains("of 3715328817ns total");
        assertThat(firstRow(mutex)).endsWith(" PyroscopeWorkload.holdMonitor");
    }

    private Path write(List<JfrProfile> profiles, String name, String labels) throws Exception {
        JfrProfile profile = profiles.stream().filter(p -> p.profileName().equals(name) && p.labels().toString().equals(labels))
                .findFirst().orElseThrow();
        return Files.write(dir.resolve(name + labels.hashCode() + ".pb"), profile.pprof());
    }

    /** The first node row after pprof's "flat  flat%" header. */
    private static String firstRow(String top) {
        List<String> lines = top.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).trim().startsWith("flat  flat%")) {
                return lines.get(i + 1).trim();
            }
        }
        throw new AssertionError("no node rows in:\n" + top);
    }
}

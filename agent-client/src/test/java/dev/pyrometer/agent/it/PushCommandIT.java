package dev.pyrometer.agent.it;

import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.testing.AgentJar;
import dev.pyrometer.agent.testing.IngestServer;
import dev.pyrometer.agent.testing.SharedIngest;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-shot {@code push} command of the shaded jar, as the README tells newcomers to use it. */
class PushCommandIT {

    @Test
    void pushesAFileOnceAndARepeatStoresNothingNew(@TempDir Path dir) throws Exception {
        IngestServer ingest = SharedIngest.server();
        Path file = dir.resolve("cpu.pb.gz");
        long now = System.currentTimeMillis() * 1_000_000L;
        Files.write(file, PprofCodec.encode(Fixtures.proto("cpu-2.pb.gz").toBuilder().setTimeNanos(now).build()));
        List<String> command = List.of("push", "--server=" + ingest.target(), "--service=cli-api", "--profile-name=process_cpu",
                "--labels=env=cli", file.toString());

        AgentJar.Result first = AgentJar.run(command, dir.resolve("first.log"));
        AgentJar.Result second = AgentJar.run(command, dir.resolve("second.log"));

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("cpu.pb.gz: stored as 2 series profiles");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("cpu.pb.gz: already stored as 2 series profiles");
        List<SeriesProfile> stored = SharedIngest.store().profiles("cli-api", "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).total()).isEqualTo(Fixtures.series("cpu-2.pb.gz").stream()
                .filter(s -> s.type().sampleType().equals("cpu")).findFirst().orElseThrow().total());
        assertThat(stored.get(0).labels().get("env")).isEqualTo("cli");
    }

    @Test
    void refusesAFileThatIsNoProfile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "not a profile");

        AgentJar.Result result = AgentJar.run(List.of("push", "--service=cli-api", file.toString()), dir.resolve("out.log"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("notes.txt: not a pprof profile");
    }

    @Test
    void withTheServerDownItSaysSoAndFails(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("heap.pb.gz");
        Files.write(file, Fixtures.bytes("heap-1.pb.gz"));

        AgentJar.Result result = AgentJar.run(List.of("push", "--server=127.0.0.1:1", "--service=cli-api",
                "--push.backoff-max=500ms", "--push.max-attempts=2", file.toString()), dir.resolve("out.log"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("heap.pb.gz: NOT stored (retries_exhausted)");
    }
}

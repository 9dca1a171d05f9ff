package dev.pyrometer.agent.it;

import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.testing.AgentJar;
import dev.pyrometer.agent.testing.IngestServer;
import dev.pyrometer.agent.testing.OverLimit;
import dev.pyrometer.agent.testing.SharedIngest;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    void aFileOverALimitIsRejectedOnceAndTheCommandFails(@TempDir Path dir) throws Exception {
        IngestServer ingest = SharedIngest.server();
        Path file = dir.resolve("deep.pb.gz");
        Files.write(file, OverLimit.STACK_TOO_DEEP.pprof());

        AgentJar.Result result = AgentJar.run(List.of("push", "--server=" + ingest.target(), "--service=cli-deep",
                "--profile-name=process_cpu", "--now", file.toString()), dir.resolve("out.log"));

        System.out.println(result.output());
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(file.toString()) + ": rejected by the server: "
                + "INVALID_ARGUMENT: profile 0 \\(id \"(sha256-[0-9a-f]{32})\"\\): "
                + Pattern.quote(OverLimit.STACK_TOO_DEEP.problem()) + "; nothing of this push was stored "
                + "\\(id (sha256-[0-9a-f]{32}), server " + Pattern.quote(ingest.target()) + "\\)$").matcher(result.output());
        assertThat(line.find()).as(result.output()).isTrue();
        assertThat(line.group(1)).isEqualTo(line.group(2));
        assertThat(result.output()).doesNotContain("NOT stored");
        assertThat(Pattern.compile("server refused profile ").matcher(result.output()).results().count())
                .as("one call, one refusal").isEqualTo(1);
        assertThat(SharedIngest.store().rowsOf("cli-deep")).isZero();
    }

    @Test
    void pushingWithNowTwiceStoresOnceAtTheFilesTime(@TempDir Path dir) throws Exception {
        IngestServer ingest = SharedIngest.server();
        Path file = dir.resolve("cpu.pb.gz");
        Files.write(file, Fixtures.bytes("cpu-3.pb.gz")); // captured long ago: without --now the server refuses its time
        Instant modified = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        List<String> command = List.of("push", "--server=" + ingest.target(), "--service=cli-now", "--profile-name=process_cpu",
                "--now", file.toString());

        AgentJar.Result first = AgentJar.run(command, dir.resolve("first.log"));
        AgentJar.Result second = AgentJar.run(command, dir.resolve("second.log"));

        System.out.println(first.output() + second.output());
        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(first.output()).contains("cpu.pb.gz: stored as 2 series profiles");
        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.output()).contains("cpu.pb.gz: already stored as 2 series profiles");
        long duration = Fixtures.proto("cpu-3.pb.gz").getDurationNanos();
        List<SeriesProfile> stored = SharedIngest.store().profiles("cli-now", "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        long windowStart = TimeUnit.SECONDS.toNanos(modified.getEpochSecond()) - duration;
        assertThat(stored).singleElement().satisfies(profile -> {
            // storage keeps times in microseconds
            assertThat(profile.timeNanos()).isEqualTo(Math.floorDiv(windowStart, 1000) * 1000);
            assertThat(profile.durationNanos()).isEqualTo(duration);
        });
        assertThat(SharedIngest.store().rowsOf("cli-now")).isEqualTo(2);
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

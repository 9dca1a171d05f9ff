package dev.pyrometer.agent.sidecar;

import dev.pyrometer.agent.pprof.InvalidPprofException;
import dev.pyrometer.agent.push.api.IdempotencyIds;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.testing.Series;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointPipelineTest {
    private static final Map<String, String> LABELS = Map.of("service_name", "seedapp", "env", "test");

    private static EndpointPipeline pipeline(GoEndpoint endpoint) {
        return new EndpointPipeline(endpoint, LABELS, new IdempotencyIds());
    }

    @Test
    void cpuAndGoroutineProfilesAreSentAsGoServedThem() throws InvalidPprofException {
        byte[] cpu = Fixtures.bytes("cpu-1.pb.gz");

        OutgoingProfile out = pipeline(GoEndpoint.CPU).process(cpu, 0).orElseThrow();

        assertThat(out.pprof()).isSameAs(cpu);
        assertThat(out.profileName()).isEqualTo("process_cpu");
        assertThat(out.labels()).isEqualTo(LABELS);
        var proto = Fixtures.proto("cpu-1.pb.gz");
        assertThat(out.startNanos()).isEqualTo(proto.getTimeNanos());
        assertThat(out.endNanos()).isEqualTo(proto.getTimeNanos() + proto.getDurationNanos());
        assertThat(pipeline(GoEndpoint.GOROUTINE).process(Fixtures.bytes("goroutine-1.pb.gz"), 0).orElseThrow().profileName())
                .isEqualTo("goroutine");
    }

    @Test
    void heapKeepsOnlyInuseAndAllocsOnlyAllocDeltas() throws InvalidPprofException {
        OutgoingProfile heap = pipeline(GoEndpoint.HEAP).process(Fixtures.bytes("heap-2.pb.gz"), 0).orElseThrow();
        assertThat(Series.of(heap.pprof(), heap.profileName())).extracting(s -> s.type().id())
                .containsExactly("memory:inuse_objects:count:space:bytes", "memory:inuse_space:bytes:space:bytes");

        EndpointPipeline allocs = pipeline(GoEndpoint.ALLOCS);
        assertThat(allocs.process(Fixtures.bytes("allocs-2.pb.gz"), 0)).as("first scrape").isEmpty();
        OutgoingProfile delta = allocs.process(Fixtures.bytes("allocs-3.pb.gz"), 0).orElseThrow();
        List<SeriesProfile> series = Series.of(delta.pprof(), delta.profileName());
        assertThat(series).extracting(s -> s.type().id())
                .containsExactly("memory:alloc_objects:count:space:bytes", "memory:alloc_space:bytes:space:bytes");
        assertThat(delta.startNanos()).isEqualTo(Fixtures.proto("allocs-2.pb.gz").getTimeNanos());
        assertThat(delta.endNanos()).isEqualTo(Fixtures.proto("allocs-3.pb.gz").getTimeNanos());
    }

    @Test
    void mutexAndBlockAreNamedSinceTheirTypesAreTheSame() throws InvalidPprofException {
        EndpointPipeline mutex = pipeline(GoEndpoint.MUTEX);
        EndpointPipeline block = pipeline(GoEndpoint.BLOCK);
        mutex.process(Fixtures.bytes("mutex-1.pb.gz"), 0);
        block.process(Fixtures.bytes("block-1.pb.gz"), 0);

        assertThat(mutex.process(Fixtures.bytes("mutex-2.pb.gz"), 0).orElseThrow().profileName()).isEqualTo("mutex");
        assertThat(block.process(Fixtures.bytes("block-2.pb.gz"), 0).orElseThrow().profileName()).isEqualTo("block");
    }

    @Test
    void everyProfileGetsItsOwnIdempotencyId() throws InvalidPprofException {
        EndpointPipeline heap = pipeline(GoEndpoint.HEAP);

        String first = heap.process(Fixtures.bytes("heap-1.pb.gz"), 0).orElseThrow().id();
        String second = heap.process(Fixtures.bytes("heap-2.pb.gz"), 0).orElseThrow().id();

        assertThat(first).isNotEqualTo(second).matches("[0-9a-f]{16}-1");
    }

    @Test
    void refusesWhatIsNoProfileOrLacksTheEndpointsTypes() {
        assertThatThrownBy(() -> pipeline(GoEndpoint.HEAP).process("404 page not found".getBytes(StandardCharsets.UTF_8), 0))
                .isInstanceOf(InvalidPprofException.class).hasMessageContaining("not a pprof profile");
        assertThatThrownBy(() -> pipeline(GoEndpoint.HEAP).process(Fixtures.bytes("mutex-1.pb.gz"), 0))
                .isInstanceOf(InvalidPprofException.class).hasMessageContaining("heap.path");
    }
}

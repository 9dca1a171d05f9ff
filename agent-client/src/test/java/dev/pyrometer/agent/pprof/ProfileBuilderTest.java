package dev.pyrometer.agent.pprof;

import dev.pyrometer.agent.testing.Series;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.SeriesProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileBuilderTest {

    @Test
    void buildsAValidPprofAndMergesEqualStacks() {
        ProfileBuilder builder = new ProfileBuilder(List.of(new ProfileBuilder.ValueType("samples", "count"),
                new ProfileBuilder.ValueType("cpu", "nanoseconds")), new ProfileBuilder.ValueType("cpu", "nanoseconds"), 10_000_000);
        long leaf = builder.location("a.B.leaf", "a/B.java", 12);
        long root = builder.location("a.B.main", "a/B.java", 3);
        builder.add(new long[] {leaf, root}, 1, 10_000_000);
        builder.add(new long[] {leaf, root}, 1, 10_000_000);
        builder.add(new long[] {root}, 1, 10_000_000);

        byte[] pprof = PprofCodec.encode(builder.build(1_000, 2_000));

        SeriesProfile cpu = Series.ofType(pprof, "process_cpu", "cpu");
        assertThat(cpu.type().id()).isEqualTo("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        assertThat(cpu.valuesByStack()).containsExactlyInAnyOrderEntriesOf(Map.of(
                List.of(new Frame("a.B.leaf", "a/B.java", 12), new Frame("a.B.main", "a/B.java", 3)), 20_000_000L,
                List.of(new Frame("a.B.main", "a/B.java", 3)), 10_000_000L));
        assertThat(cpu.timeNanos()).isEqualTo(1_000);
        assertThat(cpu.durationNanos()).isEqualTo(2_000);
    }
}

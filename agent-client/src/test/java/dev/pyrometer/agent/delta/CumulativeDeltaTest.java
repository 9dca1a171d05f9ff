package dev.pyrometer.agent.delta;

import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.sidecar.GoEndpoint;
import dev.pyrometer.agent.testing.Series;
import dev.pyrometer.profile.delta.CumulativeDelta;
import dev.pyrometer.profile.delta.DeltaMode;
import dev.pyrometer.profile.delta.DeltaResult;
import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CumulativeDeltaTest {
    /** Real /allocs captures reduced to alloc_*, as the sidecar's pipeline hands them to the delta. */
    private static final PprofProto.Profile ALLOCS_2 = DeltaGoldenTest.kept(GoEndpoint.ALLOCS, Fixtures.proto("allocs-2.pb.gz"));
    private static final PprofProto.Profile ALLOCS_3 = DeltaGoldenTest.kept(GoEndpoint.ALLOCS, Fixtures.proto("allocs-3.pb.gz"));

    @Test
    void firstSnapshotOnlySetsTheBaseline() {
        DeltaResult first = new CumulativeDelta(DeltaMode.RESTART_ON_DECREASE).next(ALLOCS_3, 0);

        assertThat(first.kind()).isEqualTo(DeltaResult.Kind.BASELINE);
        assertThat(first.profile()).isNull();
    }

    @Test
    void anUnchangedSnapshotGivesAnEmptyDelta() {
        CumulativeDelta delta = new CumulativeDelta(DeltaMode.RESTART_ON_DECREASE);
        delta.next(ALLOCS_2, 0);

        DeltaResult same = delta.next(ALLOCS_2.toBuilder().setTimeNanos(ALLOCS_2.getTimeNanos() + 5_000_000_000L).build(), 0);

        assertThat(same.kind()).isEqualTo(DeltaResult.Kind.DELTA);
        assertThat(same.profile().getSampleCount()).isZero();
        assertThat(same.profile().getLocationCount()).isZero();
        assertThat(same.profile().getDurationNanos()).isEqualTo(5_000_000_000L);
    }

    @Test
    void rawIdsDoNotMatterOnlyResolvedStacks() {
        CumulativeDelta delta = new CumulativeDelta(DeltaMode.RESTART_ON_DECREASE);
        delta.next(ALLOCS_2, 0);

        DeltaResult renumbered = delta.next(renumber(ALLOCS_2, 1000), 0);

        assertThat(renumbered.kind()).isEqualTo(DeltaResult.Kind.DELTA);
        assertThat(renumbered.profile().getSampleCount()).isZero();
    }

    @Test
    void aDecreaseIsARestartAndSendsTheNewProcessCounts() {
        CumulativeDelta delta = new CumulativeDelta(DeltaMode.RESTART_ON_DECREASE);
        delta.next(ALLOCS_3, 0);
        PprofProto.Profile restarted = ALLOCS_2.toBuilder().setTimeNanos(ALLOCS_3.getTimeNanos() + 1_000_000_000L).build();

        DeltaResult result = delta.next(restarted, 0);

        assertThat(result.kind()).isEqualTo(DeltaResult.Kind.RESTART);
        for (String type : List.of("alloc_space", "alloc_objects")) {
            assertThat(byStack(result.profile(), type)).isEqualTo(byStack(ALLOCS_2, type));
        }
        assertThat(result.profile().getTimeNanos()).isEqualTo(ALLOCS_3.getTimeNanos());
        assertThat(result.profile().getDurationNanos()).isEqualTo(1_000_000_000L);

        DeltaResult after = delta.next(ALLOCS_3.toBuilder().setTimeNanos(restarted.getTimeNanos() + 1).build(), 0);
        assertThat(after.kind()).as("the baseline restarted from the new process").isEqualTo(DeltaResult.Kind.DELTA);
    }

    @Test
    void clampModeNeverGoesNegativeNorRestarts() {
        CumulativeDelta delta = new CumulativeDelta(DeltaMode.CLAMP_AT_ZERO);
        delta.next(ALLOCS_3, 0);

        DeltaResult result = delta.next(ALLOCS_2.toBuilder().setTimeNanos(ALLOCS_3.getTimeNanos() + 1).build(), 0);

        assertThat(result.kind()).isEqualTo(DeltaResult.Kind.DELTA);
        result.profile().getSampleList().forEach(sample -> assertThat(sample.getValueList()).allMatch(v -> v >= 0));
    }

    @Test
    void changedSampleTypesStartOver() {
        CumulativeDelta delta = new CumulativeDelta(DeltaMode.RESTART_ON_DECREASE);
        delta.next(ALLOCS_2, 0);

        assertThat(delta.next(Fixtures.proto("mutex-3.pb.gz"), 0).kind()).isEqualTo(DeltaResult.Kind.BASELINE);
    }

    @Test
    void usesTheObservedTimeWhenThePprofHasNone() {
        CumulativeDelta delta = new CumulativeDelta(DeltaMode.RESTART_ON_DECREASE);
        delta.next(ALLOCS_2.toBuilder().setTimeNanos(0).build(), 100);

        DeltaResult result = delta.next(ALLOCS_3.toBuilder().setTimeNanos(0).build(), 350);

        assertThat(result.profile().getTimeNanos()).isEqualTo(100);
        assertThat(result.profile().getDurationNanos()).isEqualTo(250);
    }

    private static Map<List<Frame>, Long> byStack(PprofProto.Profile profile, String type) {
        SeriesProfile series = Series.ofType(PprofCodec.encode(profile), "memory", type);
        return series.valuesByStack();
    }

    /** The same profile with every location and function id shifted, as another scrape would number them. */
    private static PprofProto.Profile renumber(PprofProto.Profile profile, long shift) {
        PprofProto.Profile.Builder builder = profile.toBuilder();
        builder.getFunctionBuilderList().forEach(f -> f.setId(f.getId() + shift));
        builder.getLocationBuilderList().forEach(l -> {
            l.setId(l.getId() + shift);
            l.getLineBuilderList().forEach(line -> line.setFunctionId(line.getFunctionId() + shift));
        });
        builder.getSampleBuilderList().forEach(s -> {
            List<Long> ids = s.getLocationIdList().stream().map(id -> id + shift).toList();
            s.clearLocationId().addAllLocationId(ids);
        });
        return builder.setTimeNanos(profile.getTimeNanos() + 1).build();
    }
}

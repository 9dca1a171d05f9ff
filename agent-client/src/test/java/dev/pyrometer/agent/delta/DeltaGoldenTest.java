package dev.pyrometer.agent.delta;

import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.sidecar.GoEndpoint;
import dev.pyrometer.agent.testing.GoldenTable;
import dev.pyrometer.agent.testing.Series;
import dev.pyrometer.profile.delta.CumulativeDelta;
import dev.pyrometer.profile.delta.DeltaResult;
import dev.pyrometer.profile.delta.ProfileRewriter;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.top.FunctionTotals;
import dev.pyrometer.protocol.pprof.PprofProto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's delta of two real cumulative Go captures equals {@code go tool pprof -base} of the same
 * two files, per function, flat and cum, to the unit (golden tables in /golden/delta, made by
 * regenerate.sh there).
 */
class DeltaGoldenTest {

    static Stream<Arguments> pairs() {
        List<Arguments> cases = new ArrayList<>();
        for (int to = 2; to <= Fixtures.ROUNDS; to++) {
            for (String type : List.of("alloc_space", "alloc_objects")) {
                cases.add(Arguments.of(GoEndpoint.ALLOCS, "allocs", type, to));
            }
            for (String type : List.of("contentions", "delay")) {
                cases.add(Arguments.of(GoEndpoint.MUTEX, "mutex", type, to));
                cases.add(Arguments.of(GoEndpoint.BLOCK, "block", type, to));
            }
            cases.add(Arguments.of(GoEndpoint.THREADCREATE, "threadcreate", "threadcreate", to));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1}-{3}: {2}")
    @MethodSource("pairs")
    void deltaMatchesPprofBase(GoEndpoint endpoint, String kind, String sampleType, int to) {
        CumulativeDelta delta = new CumulativeDelta(endpoint.deltaMode());
        PprofProto.Profile base = kept(endpoint, Fixtures.proto(kind + "-" + (to - 1) + ".pb.gz"));
        PprofProto.Profile current = kept(endpoint, Fixtures.proto(kind + "-" + to + ".pb.gz"));

        assertThat(delta.next(base, 0).kind()).isEqualTo(DeltaResult.Kind.BASELINE);
        DeltaResult result = delta.next(current, 0);

        assertThat(result.kind()).isEqualTo(DeltaResult.Kind.DELTA);
        FunctionTotals totals = Series.top(PprofCodec.encode(result.profile()), endpoint.profileName(), sampleType);
        GoldenTable golden = GoldenTable.load("/golden/delta/" + kind + "-" + (to - 1) + "-" + to + "." + sampleType + ".txt");
        assertThat(totals.rows()).containsExactlyElementsOf(golden.rows());
        assertThat(totals.total()).isEqualTo(golden.total());
        assertThat(result.profile().getTimeNanos()).isEqualTo(base.getTimeNanos());
        assertThat(result.profile().getDurationNanos()).isEqualTo(current.getTimeNanos() - base.getTimeNanos());
    }

    /** The sample types the sidecar keeps for the endpoint (alloc_* of /allocs), as its pipeline does before the delta. */
    static PprofProto.Profile kept(GoEndpoint endpoint, PprofProto.Profile profile) {
        return endpoint.keptTypes().isEmpty() ? profile
                : ProfileRewriter.keepTypes(profile, ProfileRewriter.typeIndexes(profile, endpoint.keptTypes()));
    }
}

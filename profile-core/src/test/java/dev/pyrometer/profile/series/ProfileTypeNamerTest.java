package dev.pyrometer.profile.series;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.pprof.DecodedPprof;
import dev.pyrometer.profile.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileTypeNamerTest {
    private static final Map<String, List<String>> EXPECTED_BY_KIND = Map.of(
            "cpu", List.of(
                    "process_cpu:samples:count:cpu:nanoseconds",
                    "process_cpu:cpu:nanoseconds:cpu:nanoseconds"),
            "heap", memoryTypes(),
            "allocs", memoryTypes(),
            "goroutine", List.of("goroutine:goroutine:count:goroutine:count"),
            "mutex", List.of(
                    "mutex:contentions:count:contentions:count",
                    "mutex:delay:nanoseconds:contentions:count"),
            "block", List.of(
                    "block:contentions:count:contentions:count",
                    "block:delay:nanoseconds:contentions:count"),
            "threadcreate", List.of("threadcreate:threadcreate:count:threadcreate:count"));

    static List<String> captures() {
        return Fixtures.allCaptures();
    }

    /** Mutex and block are told apart without a name: mutex records at Unlock, block at Lock, Wait, chanrecv, select. */
    @ParameterizedTest
    @MethodSource("captures")
    void namesGoCapturesAsPyroscopeDoes(String capture) {
        DecodedPprof pprof = Fixtures.decode(capture);
        String kind = capture.substring(0, capture.indexOf('-'));

        assertThat(ids(pprof, null)).isEqualTo(EXPECTED_BY_KIND.get(kind));
    }

    @Test
    void anExplicitNameOverridesTheInferredOne() {
        DecodedPprof mutex = Fixtures.decode("mutex-1.pb.gz");
        DecodedPprof cpu = Fixtures.decode("cpu-1.pb.gz");

        assertThat(ids(mutex, "block")).containsExactly(
                "block:contentions:count:contentions:count", "block:delay:nanoseconds:contentions:count");
        assertThat(ids(cpu, "wall")).containsExactly(
                "wall:samples:count:cpu:nanoseconds", "wall:cpu:nanoseconds:cpu:nanoseconds");
        assertThat(ids(cpu, "")).containsExactly(
                "process_cpu:samples:count:cpu:nanoseconds", "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    }

    /** A contentions profile with no samples has no Unlock leaf to go by, so unnamed it counts as block. */
    @Test
    void anUnnamedContentionsProfileWithoutSamplesIsBlock() {
        DecodedPprof mutex = Fixtures.decode("mutex-1.pb.gz");
        DecodedPprof empty = new DecodedPprof(mutex.sampleTypes(), mutex.periodType(), 1, 0, 0, "", new FrameTable(), List.of());

        assertThat(ids(empty, null)).containsExactly(
                "block:contentions:count:contentions:count", "block:delay:nanoseconds:contentions:count");
    }

    @Test
    void otherProfilesAreNamedAfterTheirPeriodTypeOrFirstSampleType() {
        assertThat(ids(pprof(List.of(new DecodedPprof.ValueType("wall", "nanoseconds")),
                new DecodedPprof.ValueType("wall", "nanoseconds")), null))
                .containsExactly("wall:wall:nanoseconds:wall:nanoseconds");
        assertThat(ids(pprof(List.of(new DecodedPprof.ValueType("alloc_in_new_tlab_bytes", "bytes"),
                new DecodedPprof.ValueType("alloc_in_new_tlab_objects", "count")), DecodedPprof.ValueType.NONE), null))
                .containsExactly(
                        "alloc_in_new_tlab_bytes:alloc_in_new_tlab_bytes:bytes:alloc_in_new_tlab_bytes:bytes",
                        "alloc_in_new_tlab_bytes:alloc_in_new_tlab_objects:count:alloc_in_new_tlab_objects:count");
    }

    @Test
    void fillsEmptyPartsAndReplacesColons() {
        DecodedPprof blank = pprof(List.of(new DecodedPprof.ValueType("", "")), DecodedPprof.ValueType.NONE);
        DecodedPprof colons = pprof(List.of(new DecodedPprof.ValueType("a:b", "c:d")), new DecodedPprof.ValueType("e:f", "g"));

        assertThat(ids(blank, null)).containsExactly("unknown:samples:count:samples:count");
        assertThat(ids(colons, "my:name")).containsExactly("my_name:a_b:c_d:e_f:g");
    }

    private static List<String> memoryTypes() {
        return List.of(
                "memory:alloc_objects:count:space:bytes",
                "memory:alloc_space:bytes:space:bytes",
                "memory:inuse_objects:count:space:bytes",
                "memory:inuse_space:bytes:space:bytes");
    }

    private static List<String> ids(DecodedPprof pprof, String explicitName) {
        return IntStream.range(0, pprof.sampleTypes().size())
                .mapToObj(i -> ProfileTypeNamer.name(pprof, i, explicitName))
                .map(ProfileType::id)
                .toList();
    }

    private static DecodedPprof pprof(List<DecodedPprof.ValueType> sampleTypes, DecodedPprof.ValueType periodType) {
        FrameTable frames = new FrameTable();
        int leaf = frames.intern(new Frame("sync.(*Mutex).Unlock", "", 0));
        DecodedPprof.Sample sample = new DecodedPprof.Sample(new int[] {leaf}, new long[sampleTypes.size()], LabelSet.EMPTY);
        return new DecodedPprof(sampleTypes, periodType, 1, 0, 0, "", frames, List.of(sample));
    }
}

package dev.pyrometer.profile.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            "process_cpu:samples:count:cpu:nanoseconds",
            "memory:inuse_space:bytes:space:bytes",
            "memory:alloc_objects:count:space:bytes",
            "goroutine:goroutine:count:goroutine:count",
            "mutex:delay:nanoseconds:contentions:count",
            "block:contentions:count:contentions:count",
            "threadcreate:threadcreate:count:threadcreate:count"})
    void parsesAndPrintsTheSameId(String id) {
        ProfileType type = ProfileType.parse(id);

        assertThat(type.id()).isEqualTo(id);
        assertThat(type.toString()).isEqualTo(id);
        assertThat(ProfileType.parse(type.id())).isEqualTo(type);
    }

    @Test
    void parsesThePartsInOrder() {
        assertThat(ProfileType.parse("mutex:delay:nanoseconds:contentions:count"))
                .isEqualTo(new ProfileType("mutex", "delay", "nanoseconds", "contentions", "count"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "process_cpu",
            "process_cpu:cpu:nanoseconds:cpu",
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds:extra",
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds:"})
    void refusesIdsWithoutFiveParts(String id) {
        assertThatThrownBy(() -> ProfileType.parse(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile type '" + id
                        + "' must have five ':'-separated parts: name:sample_type:sample_unit:period_type:period_unit");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ":cpu:nanoseconds:cpu:nanoseconds    | name",
            "process_cpu::nanoseconds:cpu:nanoseconds | sample type",
            "process_cpu:cpu::cpu:nanoseconds     | sample unit",
            "process_cpu:cpu:nanoseconds::nanoseconds | period type",
            "process_cpu:cpu:nanoseconds:cpu:     | period unit"})
    void refusesEmptyParts(String id, String part) {
        assertThatThrownBy(() -> ProfileType.parse(id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile type " + part + " '' must be non-empty and contain no ':'");
    }

    @Test
    void refusesAColonInsideAPart() {
        assertThatThrownBy(() -> new ProfileType("a:b", "cpu", "nanoseconds", "cpu", "nanoseconds"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("profile type name 'a:b' must be non-empty and contain no ':'");
    }

    /** Instant types are averaged over a window's snapshots; events per interval are summed. */
    @ParameterizedTest
    @CsvSource({
            "memory:inuse_space:bytes:space:bytes, AVERAGE",
            "memory:inuse_objects:count:space:bytes, AVERAGE",
            "goroutine:goroutine:count:goroutine:count, AVERAGE",
            "goroutines:goroutines:count:goroutines:count, AVERAGE",
            "memory:alloc_space:bytes:space:bytes, SUM",
            "memory:alloc_objects:count:space:bytes, SUM",
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds, SUM",
            "process_cpu:samples:count:cpu:nanoseconds, SUM",
            "mutex:contentions:count:contentions:count, SUM",
            "mutex:delay:nanoseconds:contentions:count, SUM",
            "block:contentions:count:contentions:count, SUM",
            "block:delay:nanoseconds:contentions:count, SUM"})
    void aggregatesInstantTypesByAverageAndOthersBySum(String id, Aggregation aggregation) {
        assertThat(ProfileType.parse(id).aggregation()).isEqualTo(aggregation);
    }
}

package dev.pyrometer.profile.series;

import dev.pyrometer.profile.model.ProfileType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PyroscopeAppNameTest {

    @Test
    void theLastKnownSuffixNamesTheType() {
        PyroscopeAppName name = PyroscopeAppName.parse("shop.checkout.alloc_objects");
        assertThat(name).isEqualTo(new PyroscopeAppName("shop.checkout", "alloc_objects"));
        assertThat(name.profileTypes()).containsExactly(ProfileType.parse("memory:alloc_objects:count:space:bytes"));
    }

    @Test
    void cpuNamesNanosecondsFirstThenSamples() {
        assertThat(PyroscopeAppName.parse("api.cpu").profileTypes()).extracting(ProfileType::id)
                .containsExactly("process_cpu:cpu:nanoseconds:cpu:nanoseconds", "process_cpu:samples:count:cpu:nanoseconds");
        assertThat(PyroscopeAppName.parse("api.itimer").profileTypes()).isEqualTo(PyroscopeAppName.parse("api.cpu").profileTypes());
    }

    @Test
    void aNameWithoutAKnownSuffixIsAllServiceAndMeansCpu() {
        assertThat(PyroscopeAppName.parse("api")).isEqualTo(new PyroscopeAppName("api", "cpu"));
        assertThat(PyroscopeAppName.parse("api.v2")).isEqualTo(new PyroscopeAppName("api.v2", "cpu"));
        assertThat(PyroscopeAppName.parse(".cpu")).isEqualTo(new PyroscopeAppName(".cpu", "cpu"));
        assertThat(PyroscopeAppName.isKnownSuffix("goroutines")).isTrue();
        assertThat(PyroscopeAppName.isKnownSuffix("v2")).isFalse();
    }
}

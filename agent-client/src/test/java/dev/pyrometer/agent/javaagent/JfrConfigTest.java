package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.config.ConfigException;
import dev.pyrometer.agent.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JfrConfigTest {
    private final ConfigLoader loader = ConfigLoader.standard();

    @Test
    void allocationsComeFromTlabEventsUnlessSamplesAreAskedFor() throws ConfigException {
        JfrConfig defaults = JfrConfig.from(loader.load(Map.of(), Map.of()));
        assertThat(defaults.alloc()).isTrue();
        assertThat(defaults.allocEvents()).isEqualTo(JfrAllocEvents.TLAB);
        assertThat(defaults.allocEvents().kinds()).containsExactly(JfrProfileKind.ALLOC_IN_NEW_TLAB, JfrProfileKind.ALLOC_OUTSIDE_TLAB);
        assertThat(defaults.allocThrottle()).isEqualTo("300/s");

        JfrConfig sample = JfrConfig.from(loader.load(Map.of("jfr.alloc.events", "sample", "jfr.alloc.throttle", "50/s"), Map.of()));
        assertThat(sample.allocEvents()).isEqualTo(JfrAllocEvents.SAMPLE);
        assertThat(sample.allocEvents().kinds()).containsExactly(JfrProfileKind.ALLOC_SAMPLE);
        assertThat(sample.allocThrottle()).isEqualTo("50/s");

        JfrConfig fromEnv = JfrConfig.from(loader.load(Map.of(), Map.of("PYROMETER_JFR_ALLOC_EVENTS", "sample")));
        assertThat(fromEnv.allocEvents()).isEqualTo(JfrAllocEvents.SAMPLE);
    }

    @Test
    void anUnknownAllocationEventChoiceIsRefusedByName() {
        assertThatThrownBy(() -> JfrConfig.from(loader.load(Map.of("jfr.alloc.events", "tlabs"), Map.of())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("jfr.alloc.events").hasMessageContaining("must be tlab or sample");
    }
}

package dev.pyrometer.agent.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValuesTest {

    @Test
    void parsesUnits() {
        assertThat(Values.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Values.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Values.bytes("8MiB")).isEqualTo(8L << 20);
        assertThat(Values.bytes("3KB")).isEqualTo(3000);
        assertThat(Values.bytes("17")).isEqualTo(17);
        assertThat(Values.bool("off")).isFalse();
        assertThat(Values.pairs(" a=1 ; b = x=y ,")).containsExactly(Map.entry("a", "1"), Map.entry("b", "x=y"));
        assertThatThrownBy(() -> Values.duration("15")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> Values.fraction("1")).hasMessageContaining("less than 1");
    }
}

package dev.pyrometer.profile.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BenjaminiHochbergTest {
    @Test
    void adjustsByRankAndKeepsTheOrderMonotone() {
        double[] q = BenjaminiHochberg.adjust(new double[]{0.01, 0.04, 0.03, 0.2});
        assertThat(q[0]).isCloseTo(0.04, within(1e-12));
        assertThat(q[1]).isCloseTo(0.16 / 3, within(1e-12));
        assertThat(q[2]).isCloseTo(0.16 / 3, within(1e-12));
        assertThat(q[3]).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void capsAtOneAndSkipsNaN() {
        double[] q = BenjaminiHochberg.adjust(new double[]{0.9, Double.NaN, 0.8});
        assertThat(q[0]).isEqualTo(0.9);
        assertThat(q[1]).isNaN();
        assertThat(q[2]).isEqualTo(0.9);
    }
}

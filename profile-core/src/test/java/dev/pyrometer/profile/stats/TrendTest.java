package dev.pyrometer.profile.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrendTest {
    @Test
    void mannKendallOfAMonotoneSeries() {
        MannKendall test = new MannKendall();
        test.add(new double[]{1, 2, 3, 4, 5}, 0, 5);
        assertThat(test.s()).isEqualTo(10);
        // z = (10 − 1) / sqrt(5·4·15/18)
        assertThat(test.p()).isCloseTo(Normal.twoSidedP(9 / Math.sqrt(50.0 / 3)), within(1e-15));
        assertThat(test.p()).isCloseTo(0.027486, within(1e-5));
    }

    @Test
    void mannKendallCorrectsForTiesAndSumsStrata() {
        MannKendall test = new MannKendall();
        double[] values = {5, 5, 6, 9, 1, 2, 3, 3};
        test.add(values, 0, 4);
        test.add(values, 4, 8);
        test.add(values, 0, 2);
        // stratum 1: S = 0+1+1 +1+1 +1 = 5; var = (4·3·13 − 2·1·9)/18 = 138/18
        // stratum 2: S = 1+1+1 +1+1 +0 = 5; var = 138/18; the two-value stratum adds nothing
        assertThat(test.s()).isEqualTo(10);
        assertThat(test.strata()).isEqualTo(2);
        assertThat(test.p()).isCloseTo(Normal.twoSidedP(9 / Math.sqrt(276.0 / 18)), within(1e-15));
    }

    @Test
    void theilSenIsTheMedianPairwiseSlopeWithinStrata() {
        TheilSen slope = new TheilSen();
        double[] x = {0, 1, 2, 3, 10, 11, 12};
        double[] y = {0, 2, 4, 100, 0, 2, 4};
        slope.add(x, y, 0, 4);
        slope.add(x, y, 4, 7);
        // pairs: 2, 2, 33.3, 2, 48, 96 | 2, 2, 2 → median 2
        assertThat(slope.slope()).isEqualTo(2.0);
    }

    @Test
    void normalTailMatchesKnownQuantiles() {
        assertThat(Normal.twoSidedP(1.959963984540054)).isCloseTo(0.05, within(1e-7));
        assertThat(Normal.twoSidedP(0)).isCloseTo(1.0, within(1e-7));
        assertThat(Normal.twoSidedP(3.2905267314919255)).isCloseTo(0.001, within(1e-8));
    }
}

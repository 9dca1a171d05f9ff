package dev.pyrometer.profile.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Reference p-values from scipy.stats.mannwhitneyu (two-sided; exact, or asymptotic with continuity correction). */
class MannWhitneyTest {
    @Test
    void separatedSmallSamplesUseTheExactDistribution() {
        MannWhitney.Result result = MannWhitney.test(new double[]{1, 2, 3, 4, 5}, new double[]{6, 7, 8, 9, 10});
        assertThat(result.u1()).isZero();
        assertThat(result.p()).isCloseTo(2.0 / 252, within(1e-12));
    }

    @Test
    void interleavedSmallSamples() {
        MannWhitney.Result result = MannWhitney.test(new double[]{0.5, 1.5, 9, 3}, new double[]{2, 4, 6, 8, 10});
        assertThat(result.u1()).isEqualTo(5);
        assertThat(result.p()).isCloseTo(0.2857142857142857, within(1e-12));
    }

    @Test
    void tiesUseTheNormalApproximationWithTieCorrection() {
        MannWhitney.Result result = MannWhitney.test(new double[]{1, 2, 2, 3, 7}, new double[]{2, 3, 4, 5, 6, 6});
        assertThat(result.u1()).isEqualTo(8.5);
        assertThat(result.p()).isCloseTo(0.26669936890104307, within(1e-6));
    }

    @Test
    void largerSamplesUseTheNormalApproximation() {
        double[] a = {0.346, 0.822, 0.33, -1.303, 0.905, 0.446, -0.537, 0.581, 0.365, 0.294, 0.028, 0.547, -0.736, -0.163, -0.482,
                0.599, 0.04, -0.292, -0.782, -0.257, 0.008, -0.276, 1.294, 1.007, -2.711, -1.889, -0.175, -0.422, 0.214, 0.217};
        double[] b = {2.618, -0.612, 0.122, 2.543, 1.147, 1.163, -0.014, -1.148, 0.667, 0.609, -0.727, -0.183, 0.428, -0.445, 0.402,
                0.595, 0.536, -0.006, 1.094, 1.391, 0.821, -0.318, 1.232, -0.001, 1.379, -0.572, 1.414, 0.48, -0.749, 0.186, 0.554,
                0.773, -0.482, -0.607, 0.7, 0.033, 0.736, 1.26, -1.149, 0.754};
        MannWhitney.Result result = MannWhitney.test(a, b);
        assertThat(result.u1()).isEqualTo(435.5);
        assertThat(result.p()).isCloseTo(0.051614038202398016, within(1e-6));
    }

    @Test
    void allTiedOrEmptyGivesOne() {
        assertThat(MannWhitney.test(new double[]{1, 1, 1}, new double[]{1, 1}).p()).isEqualTo(1.0);
        assertThat(MannWhitney.test(new double[]{}, new double[]{1, 2}).p()).isEqualTo(1.0);
    }

    @Test
    void exactDistributionCountsEveryArrangement() {
        double[] counts = UDistribution.counts(3, 3);
        assertThat(counts).containsExactly(1, 1, 2, 3, 3, 3, 3, 2, 1, 1);
    }
}

package dev.pyrometer.profile.merge;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ExactMeanTest {

    @Test
    void roundsHalvesUpTowardsPositiveInfinity() {
        ExactMean halves = new ExactMean(new int[] {2});

        assertThat(halves.of(new long[] {7})).isEqualTo(4);   // 3.5
        assertThat(halves.of(new long[] {5})).isEqualTo(3);   // 2.5
        assertThat(halves.of(new long[] {4})).isEqualTo(2);
        assertThat(halves.of(new long[] {1})).isEqualTo(1);   // 0.5
        assertThat(halves.of(new long[] {-5})).isEqualTo(-2); // -2.5
        assertThat(halves.of(new long[] {-7})).isEqualTo(-3); // -3.5
        assertThat(halves.of(new long[] {0})).isZero();
    }

    @Test
    void roundsToTheNearestOtherwise() {
        ExactMean sixths = new ExactMean(new int[] {6});

        assertThat(sixths.of(new long[] {14})).isEqualTo(2);  // 2.333
        assertThat(sixths.of(new long[] {16})).isEqualTo(3);  // 2.667
        assertThat(sixths.of(new long[] {2})).isZero();       // 0.333
        assertThat(sixths.of(new long[] {21385444})).isEqualTo(3564241); // 3564240.667
    }

    /** 1/3 + 1/6 is exactly one half: floating point would give 0.49999999999999994 or 0.5 depending on order. */
    @Test
    void addsFractionsWithDifferentDenominatorsExactly() {
        ExactMean mean = new ExactMean(new int[] {3, 6});

        assertThat(mean.of(new long[] {1, 1})).isEqualTo(1);       // 0.5
        assertThat(mean.of(new long[] {10, 1})).isEqualTo(4);      // 3.333 + 0.167 = 3.5
        assertThat(mean.of(new long[] {10, 0})).isEqualTo(3);      // 3.333
        assertThat(mean.of(new long[] {0, 0})).isZero();
    }

    @Test
    void agreesWithDecimalArithmeticInTheLongAndTheBigIntegerRange() {
        Random random = new Random(42);
        int[][] countSets = {
                {1}, {6}, {360, 8640}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                // lcm near 2^90: forces the BigInteger path
                {2_147_483_647, 2_147_483_629, 2_147_483_587},
        };
        for (int[] counts : countSets) {
            ExactMean mean = new ExactMean(counts);
            for (int trial = 0; trial < 2_000; trial++) {
                long[] sums = new long[counts.length];
                for (int j = 0; j < sums.length; j++) {
                    sums[j] = random.nextLong() >> (2 + random.nextInt(60));
                }
                assertThat(mean.of(sums)).as("counts %s sums %s", counts, sums).isEqualTo(decimal(counts, sums));
            }
        }
    }

    /** The oracle: Σ sums/counts with 60 decimal places, then floor(x + 0.5). */
    private static long decimal(int[] counts, long[] sums) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int j = 0; j < counts.length; j++) {
            sum = sum.add(BigDecimal.valueOf(sums[j]).divide(BigDecimal.valueOf(counts[j]), 60, RoundingMode.FLOOR));
        }
        // Each term is floored at 60 places, so the sum is at most 1e-59 per term low: enough to find halves.
        return sum.add(new BigDecimal("0.5")).add(new BigDecimal("1e-55")).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}

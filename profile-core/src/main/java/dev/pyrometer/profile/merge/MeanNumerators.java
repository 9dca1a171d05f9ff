package dev.pyrometer.profile.merge;

import java.math.BigInteger;

/**
 * The mean of a stack over a window, {@code Σ_j sums[j] / counts[j]}, as a numerator over {@link #scale()}.
 *
 * <p>When the least common multiple {@code L} of the snapshot counts is at most {@link FixedPoint#MAX_SCALE}
 * the scale is {@code L} and the numerator {@code Σ sums[j] (L / counts[j])} is the mean exactly. Otherwise
 * the scale is {@link FixedPoint#MAX_SCALE} and the numerator is the exact mean times it, rounded half up,
 * keeping ±1 when a non-zero mean would round to 0. Integer arithmetic only: the result does not depend on
 * the order of the terms or on how a sum was split before it got here.
 */
final class MeanNumerators {
    private final int[] counts;
    private final long scale;
    private final long[] multipliers;
    private final BigInteger lcm;

    /** {@code counts}: the distinct snapshot counts, each at least 1. */
    MeanNumerators(int[] counts) {
        this.counts = counts.clone();
        BigInteger l = BigInteger.ONE;
        for (int count : counts) {
            if (count < 1) {
                throw new IllegalArgumentException("snapshot count " + count + " is not positive");
            }
            BigInteger n = BigInteger.valueOf(count);
            l = l.divide(l.gcd(n)).multiply(n);
        }
        lcm = l;
        boolean exact = l.compareTo(BigInteger.valueOf(FixedPoint.MAX_SCALE)) <= 0;
        scale = exact ? l.longValueExact() : FixedPoint.MAX_SCALE;
        multipliers = new long[counts.length];
        for (int j = 0; j < counts.length; j++) {
            multipliers[j] = exact ? scale / counts[j] : 0;
        }
    }

    /** The scale of every numerator this computes. */
    long scale() {
        return scale;
    }

    /**
     * The numerator of the mean of {@code sums}, where {@code sums[j]} was summed over {@code counts[j]} snapshots.
     *
     * @throws ArithmeticException when it does not fit a long
     */
    long of(long[] sums) {
        if (multipliers.length == 0 || multipliers[0] != 0) {
            long numerator = 0;
            for (int j = 0; j < counts.length; j++) {
                numerator = Math.addExact(numerator, Math.multiplyExact(sums[j], multipliers[j]));
            }
            return numerator;
        }
        BigInteger overLcm = BigInteger.ZERO;
        for (int j = 0; j < counts.length; j++) {
            if (sums[j] != 0) {
                overLcm = overLcm.add(BigInteger.valueOf(sums[j]).multiply(lcm.divide(BigInteger.valueOf(counts[j]))));
            }
        }
        return FixedPoint.roundHalfUpKeepingSign(overLcm.multiply(BigInteger.valueOf(scale)), lcm);
    }
}

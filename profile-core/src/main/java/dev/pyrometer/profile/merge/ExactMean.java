package dev.pyrometer.profile.merge;

import java.math.BigInteger;

/**
 * Computes {@code round(Σ_j sums[j] / counts[j])} exactly, where {@code round(x) = floor(x + 1/2)}
 * (halves round up, towards +∞). No floating point is involved, so the result does not depend on the order
 * of the terms or on how a sum was split before it got here.
 *
 * <p>Method: with {@code q_j = floor(s_j / n_j)} and {@code r_j = s_j mod n_j} (so {@code 0 <= r_j < n_j}),
 * the mean is {@code Q + F} with {@code Q = Σ q_j} and {@code F = Σ r_j / n_j = N / L}, where {@code L} is
 * the least common multiple of the counts and {@code N = Σ r_j (L / n_j) < k L}. Then
 * {@code round(Q + F) = Q + floor((2N + L) / 2L)}. That runs in longs when {@code (2k + 1) L} fits, which it
 * does for any realistic set of snapshot counts, and in {@link BigInteger} otherwise.
 */
final class ExactMean {
    private final int[] counts;
    private final long lcm;
    private final long[] multipliers;
    private final boolean fitsInLong;
    private final BigInteger bigLcm;

    /** {@code counts}: the distinct snapshot counts, each at least 1. */
    ExactMean(int[] counts) {
        this.counts = counts.clone();
        BigInteger l = BigInteger.ONE;
        for (int count : counts) {
            if (count < 1) {
                throw new IllegalArgumentException("snapshot count " + count + " is not positive");
            }
            BigInteger n = BigInteger.valueOf(count);
            l = l.divide(l.gcd(n)).multiply(n);
        }
        bigLcm = l;
        BigInteger bound = l.multiply(BigInteger.valueOf(2L * counts.length + 1));
        fitsInLong = bound.bitLength() < 63;
        lcm = fitsInLong ? l.longValueExact() : 0;
        multipliers = new long[counts.length];
        if (fitsInLong) {
            for (int j = 0; j < counts.length; j++) {
                multipliers[j] = lcm / counts[j];
            }
        }
    }

    /** The rounded mean of {@code sums}, where {@code sums[j]} was summed over {@code counts[j]} snapshots. */
    long of(long[] sums) {
        long whole = 0;
        long numerator = 0;
        BigInteger bigNumerator = BigInteger.ZERO;
        for (int j = 0; j < counts.length; j++) {
            whole = Math.addExact(whole, Math.floorDiv(sums[j], counts[j]));
            long remainder = Math.floorMod(sums[j], counts[j]);
            if (fitsInLong) {
                numerator += remainder * multipliers[j];
            } else if (remainder != 0) {
                bigNumerator = bigNumerator.add(BigInteger.valueOf(remainder).multiply(bigLcm.divide(BigInteger.valueOf(counts[j]))));
            }
        }
        long roundedFraction = fitsInLong
                ? (2 * numerator + lcm) / (2 * lcm)
                : bigNumerator.shiftLeft(1).add(bigLcm).divide(bigLcm.shiftLeft(1)).longValueExact();
        return Math.addExact(whole, roundedFraction);
    }
}

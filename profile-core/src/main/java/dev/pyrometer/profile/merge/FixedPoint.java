package dev.pyrometer.profile.merge;

import java.math.BigInteger;

/**
 * Integers that stand for {@code value / scale} of a sample unit, and moving them between scales.
 *
 * <p>{@link #MAX_SCALE} bounds every scale a window is given, so that a mean of up to about 9.2 × 10¹²
 * units per stack still fits a long on it. A conversion to a multiple of the source scale is exact; any
 * other rounds half up ({@code floor(x + 1/2)}) but never takes a non-zero value to 0: it keeps ±1 unit of
 * the target scale, so no stack disappears to rounding.
 */
public final class FixedPoint {
    /** The largest scale a window profile is given (10⁶); also the scale used when no exact one fits. */
    public static final long MAX_SCALE = 1_000_000L;

    private FixedPoint() {
    }

    /**
     * {@code value / from} expressed over {@code to}: exact when {@code to} is a multiple of {@code from},
     * otherwise rounded half up with non-zero kept non-zero.
     *
     * @throws ArithmeticException when the result does not fit a long
     */
    public static long rescale(long value, long from, long to) {
        if (from < 1 || to < 1) {
            throw new IllegalArgumentException("scales must be positive, not " + from + " and " + to);
        }
        if (to % from == 0) {
            return Math.multiplyExact(value, to / from);
        }
        return roundHalfUpKeepingSign(BigInteger.valueOf(value).multiply(BigInteger.valueOf(to)), BigInteger.valueOf(from));
    }

    /** {@code floor(numerator / denominator + 1/2)}, or ±1 when that is 0 and the numerator is not; denominator > 0. */
    static long roundHalfUpKeepingSign(BigInteger numerator, BigInteger denominator) {
        // floor(n/d + 1/2) = floor((2n + d) / 2d)
        BigInteger rounded = floorDiv(numerator.shiftLeft(1).add(denominator), denominator.shiftLeft(1));
        if (rounded.signum() == 0 && numerator.signum() != 0) {
            return numerator.signum();
        }
        return rounded.longValueExact();
    }

    /** The least common multiple of {@code a} and {@code b} (both positive), or 0 when it exceeds {@link #MAX_SCALE}. */
    static long lcmWithinMax(long a, long b) {
        BigInteger lcm = BigInteger.valueOf(a).divide(BigInteger.valueOf(a).gcd(BigInteger.valueOf(b))).multiply(BigInteger.valueOf(b));
        return lcm.compareTo(BigInteger.valueOf(MAX_SCALE)) <= 0 ? lcm.longValueExact() : 0;
    }

    private static BigInteger floorDiv(BigInteger n, BigInteger d) {
        BigInteger[] qr = n.divideAndRemainder(d);
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }
}

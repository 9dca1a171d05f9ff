package dev.pyrometer.storage.payload;

/** Greatest common divisors of values, for {@link ValueScale}. */
final class Divisors {
    private Divisors() {
    }

    /**
     * The greatest common divisor of the magnitudes of {@code values}, at least 1: 1 when every value
     * is 0, and 1 when a value is {@link Long#MIN_VALUE} (whose magnitude is no long; 1 divides it).
     * Stops early once the divisor is 1, which is what most values that are not counts of a unit give.
     */
    static long gcd(long[] values) {
        long divisor = 0;
        for (long value : values) {
            if (value == Long.MIN_VALUE) {
                return 1;
            }
            divisor = gcd(divisor, Math.abs(value));
            if (divisor == 1) {
                return 1;
            }
        }
        return divisor == 0 ? 1 : divisor;
    }

    /** Euclid's algorithm for non-negative a and b; gcd(0, 0) is 0. */
    static long gcd(long a, long b) {
        while (b != 0) {
            long remainder = a % b;
            a = b;
            b = remainder;
        }
        return a;
    }
}

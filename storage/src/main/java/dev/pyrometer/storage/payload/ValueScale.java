package dev.pyrometer.storage.payload;

/**
 * How payload format 2 stores a payload's values: each divided by one common divisor, as unsigned
 * varints when no value is negative and as zigzag varints otherwise. The divisor is a multiple of
 * the period whenever it can be, so it is written in periods: a cpu profile's nanoseconds
 * (multiples of its 10,000,000 ns period) cost a byte per value for counts up to 127 instead of four or five.
 * Exact for every long: the divisor divides every value, and decoding multiplies back with an
 * overflow check.
 *
 * <p>The header field is the unsigned varint {@code quotient << 2 | inPeriods << 1 | signed}, where the
 * divisor is {@code quotient × period} when {@code inPeriods} is set and {@code quotient} otherwise.
 *
 * @param divisor   divides every value; at least 1
 * @param quotient  what the header field stores: the divisor, or the divisor in periods
 * @param inPeriods whether {@code quotient} counts periods
 * @param signed    whether values are zigzag varints (some value is negative)
 */
record ValueScale(long divisor, long quotient, boolean inPeriods, boolean signed) {
    /** Format 1's values: divisor 1, zigzag. */
    static final ValueScale PLAIN = new ValueScale(1, 1, false, true);
    /** The largest quotient the header field can carry (two bits hold the flags). */
    private static final long MAX_QUOTIENT = (1L << 62) - 1;

    /** The scale for {@code values} of a payload whose period is {@code period}. */
    static ValueScale of(long[] values, long period) {
        boolean signed = false;
        for (long value : values) {
            signed |= value < 0;
        }
        long divisor = Divisors.gcd(values);
        boolean inPeriods = period > 0 && divisor % period == 0;
        long quotient = inPeriods ? divisor / period : divisor;
        // A quotient too large for the field (only with values of magnitude 2^62 or more) falls back to divisor 1, which is always exact.
        return quotient <= MAX_QUOTIENT ? new ValueScale(divisor, quotient, inPeriods, signed) : new ValueScale(1, 1, false, signed);
    }

    /** The scale a header field describes; throws {@link IllegalArgumentException} for a field no encoder writes. */
    static ValueScale read(long field, long period) {
        long quotient = field >>> 2;
        boolean inPeriods = (field & 2) != 0;
        boolean signed = (field & 1) != 0;
        if (quotient == 0) {
            throw new IllegalArgumentException("payload value divisor is 0");
        }
        if (!inPeriods) {
            return new ValueScale(quotient, quotient, false, signed);
        }
        if (period <= 0) {
            throw new IllegalArgumentException("payload value divisor counts periods but the period is " + period);
        }
        return new ValueScale(checkedProduct(quotient, period, "value divisor"), quotient, true, signed);
    }

    long field() {
        return quotient << 2 | (inPeriods ? 2 : 0) | (signed ? 1 : 0);
    }

    void write(VarIntWriter out, long value) {
        long scaled = value / divisor;
        if (signed) {
            out.writeSigned(scaled);
        } else {
            out.writeUnsigned(scaled);
        }
    }

    /** Reads {@code values.length} values written by {@link #write}; one loop per case keeps the common ones lean. */
    void read(VarIntReader in, long[] values) {
        if (signed) {
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readSigned();
            }
        } else {
            for (int i = 0; i < values.length; i++) {
                long value = in.readUnsigned();
                if (value < 0) {
                    throw new IllegalArgumentException("payload value " + Long.toUnsignedString(value) + " does not fit a long");
                }
                values[i] = value;
            }
        }
        if (divisor != 1) {
            for (int i = 0; i < values.length; i++) {
                values[i] = checkedProduct(values[i], divisor, "value");
            }
        }
    }

    private static long checkedProduct(long a, long b, String what) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("payload " + what + " " + a + " x " + b + " overflows a long");
        }
    }
}

package dev.pyrometer.storage.payload;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every payload round-trips exactly through both formats: random stack ids and values drawn to hit
 * the edges (zero, ±1, negatives, {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}, multiples of
 * small and of huge divisors, of the period and of periods whose multiples overflow), random periods
 * and durations. Seeded, so a failure repeats; the seed and case are in the message.
 */
class PayloadRoundTripTest {
    private static final long SEED = 20261201L;
    private static final int CASES = 5_000;
    private static final long[] EDGES = {0, 1, -1, 2, -2, 63, 64, -64, -65, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1L << 61, -(1L << 61), 1L << 62, -(1L << 62), (1L << 62) - 1, 10_000_000, 524_288};

    @Test
    void everyPayloadRoundTripsExactlyInBothFormats() {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            Payload payload = randomPayload(random);
            for (int format : new int[] {PayloadCodec.FORMAT_PLAIN, PayloadCodec.FORMAT_SCALED}) {
                byte[] bytes = PayloadCodec.encode(payload, format);
                Payload decoded = PayloadCodec.decode(bytes);

                String where = "seed " + SEED + ", case " + i + ", format " + format;
                assertThat(decoded.period()).as(where).isEqualTo(payload.period());
                assertThat(decoded.durationNanos()).as(where).isEqualTo(payload.durationNanos());
                assertThat(decoded.stackIds()).as(where).containsExactly(payload.stackIds());
                assertThat(decoded.values()).as(where).containsExactly(payload.values());
                assertThat(PayloadHeader.durationNanos(bytes)).as(where).isEqualTo(payload.durationNanos());
            }
        }
    }

    @Test
    void formatTwoIsNeverLargerThanFormatOneByMoreThanItsScaleField() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < CASES; i++) {
            Payload payload = randomPayload(random);
            int plain = PayloadCodec.encode(payload, PayloadCodec.FORMAT_PLAIN).length;
            int scaled = PayloadCodec.encode(payload, PayloadCodec.FORMAT_SCALED).length;
            long field = ValueScale.of(payload.values(), payload.period()).field();

            assertThat(scaled).as("seed %d, case %d", SEED + 1, i).isLessThanOrEqualTo(plain + varintBytes(field));
        }
    }

    private static Payload randomPayload(Random random) {
        long period = switch (random.nextInt(6)) {
            case 0 -> 10_000_000;
            case 1 -> 1;
            case 2 -> pick(random);
            case 3 -> 1L << random.nextInt(63);
            default -> random.nextLong();
        };
        long duration = random.nextBoolean() ? pick(random) : random.nextLong();
        int n = random.nextInt(10) == 0 ? random.nextInt(2000) : random.nextInt(40);
        long[] ids = ascendingIds(random, n);
        long[] values = new long[n];
        long divisor = switch (random.nextInt(5)) {
            case 0 -> 1;
            case 1 -> period == Long.MIN_VALUE ? 1 : Math.abs(period);
            case 2 -> 1L << random.nextInt(63);
            case 3 -> Math.max(1, Math.abs(pick(random)));
            default -> 1 + random.nextInt(1000);
        };
        int mode = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            values[i] = switch (mode) {
                case 0 -> pick(random);
                case 1 -> 0;
                case 2 -> multipleOf(random, divisor);
                default -> random.nextLong();
            };
        }
        return new Payload(period, duration, ids, values);
    }

    /** A multiple of {@code divisor} (positive) with a small factor of either sign, or 0 when the factor would overflow. */
    private static long multipleOf(Random random, long divisor) {
        long factor = random.nextInt(300) - 100;
        try {
            return Math.multiplyExact(factor, divisor);
        } catch (ArithmeticException e) {
            return random.nextBoolean() ? divisor : -divisor;
        }
    }

    private static long[] ascendingIds(Random random, int n) {
        long[] ids = new long[n];
        long id = random.nextInt(10) == 0 ? Long.MAX_VALUE - n - random.nextInt(1000) : 0;
        for (int i = 0; i < n; i++) {
            long gap = random.nextInt(10) == 0 ? 1 + (random.nextLong() >>> 40) : 1 + random.nextInt(5);
            id = Long.MAX_VALUE - id - (n - i) < gap ? id + 1 : id + gap;
            ids[i] = id;
        }
        return ids;
    }

    private static long pick(Random random) {
        return EDGES[random.nextInt(EDGES.length)];
    }

    private static int varintBytes(long value) {
        int bytes = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            bytes++;
        }
        return bytes;
    }
}

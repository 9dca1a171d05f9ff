package dev.pyrometer.storage.payload;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecTest {

    @Test
    void encodesTheDocumentedLayout() {
        // format 2, zigzag(period 1) = 2, duration 0, n = 2, scale field 7 (divisor 1 = 1 period: 1 << 2 | in periods 2 |
        // signed 1, as -1 is negative), gaps 3 and 2, zigzag(-1) = 1, zigzag(2) = 4
        assertThat(PayloadCodec.encode(1, 0, new long[] {3, 5}, new long[] {-1, 2}))
                .containsExactly(2, 2, 0, 2, 7, 3, 2, 1, 4);
    }

    @Test
    void encodesFormatOneAsBeforeFormatTwoExisted() {
        // format 1, zigzag(period 1) = 2, duration 0, n = 2, gaps 3 and 2, zigzag(-1) = 1, zigzag(2) = 4
        assertThat(PayloadCodec.encode(new Payload(1, 0, new long[] {3, 5}, new long[] {-1, 2}), PayloadCodec.FORMAT_PLAIN))
                .containsExactly(1, 2, 0, 2, 3, 2, 1, 4);
    }

    @Test
    void storesCpuNanosecondsInPeriods() {
        // period 10 ms; 40, 18 and 1 samples: format 2, zigzag(10^7) = 20,000,000 (4 bytes: 0x80 0xDA 0xC4 0x09),
        // duration 0, n = 3, scale field 6 (1 period << 2 | in periods 2, unsigned), gaps 1 1 1, values 40 18 1
        byte[] bytes = PayloadCodec.encode(10_000_000, 0, new long[] {1, 2, 3}, new long[] {400_000_000, 180_000_000, 10_000_000});

        assertThat(bytes).containsExactly(2, 0x80, 0xDA, 0xC4, 0x09, 0, 3, 6, 1, 1, 1, 40, 18, 1);
        assertThat(PayloadCodec.decode(bytes).values()).containsExactly(400_000_000, 180_000_000, 10_000_000);
        // format 1: the same header and gaps (10 bytes), then zigzag 8e8, 3.6e8 and 2e7: 5 + 5 + 4 bytes
        assertThat(PayloadCodec.encode(new Payload(10_000_000, 0, new long[] {1, 2, 3}, new long[] {400_000_000, 180_000_000, 10_000_000}),
                PayloadCodec.FORMAT_PLAIN)).hasSize(24);
    }

    @Test
    void storesACommonDivisorThatIsNoMultipleOfThePeriod() {
        // period 524288 (heap), values 48, -16, 0: divisor 16, not in periods, signed: field 16 << 2 | 1 = 65
        byte[] bytes = PayloadCodec.encode(524_288, 0, new long[] {4, 9, 10}, new long[] {48, -16, 0});

        assertThat(Arrays.copyOfRange(bytes, 6, bytes.length)).containsExactly(65, 4, 5, 1, 6, 1, 0);
        assertThat(PayloadCodec.decode(bytes).values()).containsExactly(48, -16, 0);
    }

    @Test
    void roundTripsExtremes() {
        Payload payload = new Payload(-7, Long.MAX_VALUE,
                new long[] {1, 2, 1L << 35, Long.MAX_VALUE - 1, Long.MAX_VALUE},
                new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE});

        Payload decoded = PayloadCodec.decode(PayloadCodec.encode(payload));

        assertThat(decoded.period()).isEqualTo(-7);
        assertThat(decoded.durationNanos()).isEqualTo(Long.MAX_VALUE);
        assertThat(decoded.stackIds()).containsExactly(1, 2, 1L << 35, Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertThat(decoded.values()).containsExactly(Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE);
    }

    @Test
    void roundTripsAnEmptyPayload() {
        byte[] bytes = PayloadCodec.encode(10_000_000, 5_000_000_000L, new long[0], new long[0]);

        Payload decoded = PayloadCodec.decode(bytes);

        assertThat(decoded.stackIds()).isEmpty();
        assertThat(decoded.values()).isEmpty();
        assertThat(decoded.period()).isEqualTo(10_000_000);
        assertThat(decoded.durationNanos()).isEqualTo(5_000_000_000L);
        assertThat(decoded.total()).isZero();
    }

    @Test
    void sortsUnsortedInputByStackIdWithoutTouchingTheArrays() {
        long[] ids = {40, 7, 1_000_000, 8};
        long[] values = {4, -7, 1, 8};

        Payload decoded = PayloadCodec.decode(PayloadCodec.encode(3, 9, ids, values));

        assertThat(decoded.stackIds()).containsExactly(7, 8, 40, 1_000_000);
        assertThat(decoded.values()).containsExactly(-7, 8, 4, 1);
        assertThat(ids).containsExactly(40, 7, 1_000_000, 8);
        assertThat(values).containsExactly(4, -7, 1, 8);
        assertThat(PayloadCodec.encode(3, 9, ids, values))
                .isEqualTo(PayloadCodec.encode(new Payload(3, 9, new long[] {7, 8, 40, 1_000_000}, new long[] {-7, 8, 4, 1})));
    }

    @Test
    void rejectsIdsThatAreNotPositiveAndStrictlyAscending() {
        assertThatThrownBy(() -> PayloadCodec.encode(new Payload(1, 0, new long[] {5, 3}, new long[] {1, 1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly ascending");
        assertThatThrownBy(() -> PayloadCodec.encode(new Payload(1, 0, new long[] {5, 5}, new long[] {1, 1})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadCodec.encode(1, 0, new long[] {9, 2, 9}, new long[] {1, 2, 3}))
                .as("duplicate ids in unsorted input").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadCodec.encode(new Payload(1, 0, new long[] {0}, new long[] {1})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadCodec.encode(new Payload(1, 0, new long[] {-4, 2}, new long[] {1, 1})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Payload(1, 0, new long[] {1, 2}, new long[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsEveryTruncation() {
        Payload payload = new Payload(100, 5_000_000_000L, new long[] {1, 300, 1L << 40}, new long[] {-100, 7_000_000, 500});
        for (int format : new int[] {PayloadCodec.FORMAT_PLAIN, PayloadCodec.FORMAT_SCALED}) {
            byte[] bytes = PayloadCodec.encode(payload, format);

            for (int length = 0; length < bytes.length; length++) {
                byte[] prefix = Arrays.copyOf(bytes, length);
                assertThatThrownBy(() -> PayloadCodec.decode(prefix))
                        .as("format %d: prefix of %d of %d bytes", format, length, bytes.length)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void rejectsTrailingBytesAndUnknownFormats() {
        for (int format : new int[] {PayloadCodec.FORMAT_PLAIN, PayloadCodec.FORMAT_SCALED}) {
            byte[] bytes = PayloadCodec.encode(new Payload(1, 0, new long[] {3, 5}, new long[] {-1, 2}), format);
            byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);

            assertThatThrownBy(() -> PayloadCodec.decode(trailing))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
        }
        byte[] otherFormat = PayloadCodec.encode(1, 0, new long[] {3, 5}, new long[] {-1, 2});
        otherFormat[0] = 3;
        assertThatThrownBy(() -> PayloadCodec.decode(otherFormat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 3");
        assertThatThrownBy(() -> PayloadCodec.encode(new Payload(1, 0, new long[0], new long[0]), 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 3");
    }

    @Test
    void rejectsScaleFieldsNoEncoderWrites() {
        // format 2, period 0 / 10, duration 0, n = 1, then a scale field, gap 1, value 1
        assertThatThrownBy(() -> PayloadCodec.decode(new byte[] {2, 20, 0, 1, 0, 1, 1}))
                .as("divisor 0").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("divisor is 0");
        assertThatThrownBy(() -> PayloadCodec.decode(new byte[] {2, 0, 0, 1, 6, 1, 1}))
                .as("divisor in periods of a period 0").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period is 0");
        // period 2^62 (zigzag 2^63: nine 0x80 bytes and 0x01), divisor 4 periods: 2^64 overflows
        assertThatThrownBy(() -> PayloadCodec.decode(new byte[] {2, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0, 1, 18, 1, 1}))
                .as("divisor overflows").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows");
        // divisor 2^40 (field 2^42: 0x80 x6, 0x01 → 2^42), unsigned value 2^30 (0x80 0x80 0x80 0x80 0x04): the product overflows
        assertThatThrownBy(() -> PayloadCodec.decode(new byte[] {2, 20, 0, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, 0x01, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04}))
                .as("value overflows").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows");
        // divisor 1, unsigned value 2^63 (nine 0x80 bytes and 0x01): no long
        assertThatThrownBy(() -> PayloadCodec.decode(new byte[] {2, 20, 0, 1, 4, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01}))
                .as("unsigned value beyond Long.MAX_VALUE").isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit");
    }

    @Test
    void rejectsAStackCountTheBytesCannotHold() {
        for (byte format : new byte[] {PayloadCodec.FORMAT_PLAIN, PayloadCodec.FORMAT_SCALED}) {
            // period 0, duration 0, then n = 2^30 (four varint bytes) and nothing else: a
            // decoder that trusted n would try to allocate 8 GiB per array before noticing.
            byte[] huge = {format, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04};
            // n = 2^40 does not fit an int
            byte[] hugeLong = {format, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x20};

            // n = 2^63, negative as a Java long
            byte[] unsignedHuge = {format, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                    (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0, 0};

            assertThatThrownBy(() -> PayloadCodec.decode(huge)).hasMessageContaining("truncated");
            assertThatThrownBy(() -> PayloadCodec.decode(hugeLong)).hasMessageContaining("truncated");
            assertThatThrownBy(() -> PayloadCodec.decode(unsignedHuge)).hasMessageContaining("truncated");
        }
    }

    @Test
    void neighbouringStacksCostAboutTwoBytesEach() {
        // 100 stacks with consecutive ids 1000..1099 and values 1..100, period 100, duration 0:
        // header 1 + zigzag(100)=200 (2 bytes) + 0 (1) + n=100 (1) = 5 bytes, scale field 4 (divisor 1, unsigned) 1 byte;
        // ids: first 1000 (2 bytes), then 99 gaps of 1 (99 bytes) = 101 bytes;
        // values: unsigned, 1..100 are one byte each = 100 bytes (format 1's zigzag took two from 64 on: 137 bytes).
        long[] ids = new long[100];
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            ids[i] = 1000 + i;
            values[i] = i + 1;
        }

        byte[] bytes = PayloadCodec.encode(100, 0, ids, values);

        assertThat(bytes).hasSize(5 + 1 + 101 + 100);
        assertThat(PayloadCodec.decode(bytes).values()).containsExactly(values);
    }
}

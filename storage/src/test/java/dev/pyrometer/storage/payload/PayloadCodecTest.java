package dev.pyrometer.storage.payload;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadCodecTest {

    @Test
    void encodesTheDocumentedLayout() {
        // format 1, zigzag(period 1) = 2, duration 0, n = 2, gaps 3 and 2, zigzag(-1) = 1, zigzag(2) = 4
        assertThat(PayloadCodec.encode(1, 0, new long[] {3, 5}, new long[] {-1, 2}))
                .containsExactly(1, 2, 0, 2, 3, 2, 1, 4);
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
        byte[] bytes = PayloadCodec.encode(new Payload(100, 5_000_000_000L, new long[] {1, 300, 1L << 40}, new long[] {-1, 70_000, 5}));

        for (int length = 0; length < bytes.length; length++) {
            byte[] prefix = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> PayloadCodec.decode(prefix))
                    .as("prefix of %d of %d bytes", length, bytes.length)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsTrailingBytesAndUnknownFormats() {
        byte[] bytes = PayloadCodec.encode(1, 0, new long[] {3, 5}, new long[] {-1, 2});
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        byte[] otherFormat = bytes.clone();
        otherFormat[0] = 2;

        assertThatThrownBy(() -> PayloadCodec.decode(trailing))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> PayloadCodec.decode(otherFormat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 2");
    }

    @Test
    void rejectsAStackCountTheBytesCannotHold() {
        // format 1, period 0, duration 0, then n = 2^30 (four varint bytes) and nothing else: a
        // decoder that trusted n would try to allocate 8 GiB per array before noticing.
        byte[] huge = {1, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04};
        // n = 2^40 does not fit an int
        byte[] hugeLong = {1, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x20};

        // n = 2^63, negative as a Java long
        byte[] unsignedHuge = {1, 0, 0, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01, 0, 0};

        assertThatThrownBy(() -> PayloadCodec.decode(huge)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadCodec.decode(hugeLong)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PayloadCodec.decode(unsignedHuge)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neighbouringStacksCostAboutTwoBytesEach() {
        // 100 stacks with consecutive ids 1000..1099 and values 1..100, period 100, duration 0:
        // header 1 + zigzag(100)=200 (2 bytes) + 0 (1) + n=100 (1) = 5 bytes;
        // ids: first 1000 (2 bytes), then 99 gaps of 1 (99 bytes) = 101 bytes;
        // values: zigzag(1..63) = 2..126 (63 x 1 byte), zigzag(64..100) = 128..200 (37 x 2 bytes) = 137 bytes.
        long[] ids = new long[100];
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            ids[i] = 1000 + i;
            values[i] = i + 1;
        }

        byte[] bytes = PayloadCodec.encode(100, 0, ids, values);

        assertThat(bytes).hasSize(5 + 101 + 137);
        assertThat(PayloadCodec.decode(bytes).values()).containsExactly(values);
    }
}

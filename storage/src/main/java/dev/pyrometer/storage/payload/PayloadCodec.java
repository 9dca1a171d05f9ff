package dev.pyrometer.storage.payload;

import java.util.Arrays;

/**
 * Packs a {@link Payload} into bytes. Every format starts with the {@link PayloadHeader} (a format
 * byte, the period as a zigzag varint, the duration as an unsigned varint), then the unsigned varint
 * stack count n; all varints are LEB128. Then:
 *
 * <ul>
 *   <li>format 1 ({@link #FORMAT_PLAIN}, written before format 2 existed): n stack-id gaps (the first
 *       id, then differences between ascending ids) and n zigzag values;</li>
 *   <li>format 2 ({@link #FORMAT_SCALED}, what {@link #encode(Payload)} writes): the {@link ValueScale}
 *       field (a common divisor of the values, in periods when it is a multiple of the period, and
 *       whether any value is negative), the n stack-id gaps, and the n values divided by the divisor,
 *       unsigned varints when none is negative and zigzag varints otherwise.</li>
 * </ul>
 *
 * Ascending ids make the gaps small, so a typical stack reference costs one or two bytes; dividing
 * cpu nanoseconds by the period makes a typical value one byte instead of four. {@link #decode}
 * reads both formats, so rows written in format 1 stay readable. Thread-safe (stateless).
 */
public final class PayloadCodec {
    /** Values in their unit as zigzag varints. Decoded; written only when asked for (comparisons, tests). */
    public static final int FORMAT_PLAIN = 1;
    /** Values divided by a common divisor; the format {@link #encode(Payload)} writes. */
    public static final int FORMAT_SCALED = 2;

    private PayloadCodec() {
    }

    /** Sorts by stack id (ids must be distinct) and encodes in the current format. The arrays are not modified. */
    public static byte[] encode(long period, long durationNanos, long[] stackIds, long[] values) {
        int n = stackIds.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(stackIds[a], stackIds[b]));
        long[] sortedIds = new long[n];
        long[] sortedValues = new long[n];
        for (int i = 0; i < n; i++) {
            sortedIds[i] = stackIds[order[i]];
            sortedValues[i] = values[order[i]];
        }
        return encode(new Payload(period, durationNanos, sortedIds, sortedValues));
    }

    /** Encodes, in the current format, a payload whose stack ids are already strictly ascending. */
    public static byte[] encode(Payload payload) {
        return encode(payload, FORMAT_SCALED);
    }

    /** Encodes in {@code format} ({@link #FORMAT_PLAIN} or {@link #FORMAT_SCALED}) a payload whose stack ids are strictly ascending. */
    public static byte[] encode(Payload payload, int format) {
        ValueScale scale = switch (format) {
            case FORMAT_PLAIN -> ValueScale.PLAIN;
            case FORMAT_SCALED -> ValueScale.of(payload.values(), payload.period());
            default -> throw new IllegalArgumentException("unknown payload format " + format);
        };
        long[] ids = payload.stackIds();
        VarIntWriter out = new VarIntWriter(12 + ids.length * 4);
        new PayloadHeader(format, payload.period(), payload.durationNanos()).write(out);
        out.writeUnsigned(ids.length);
        if (format == FORMAT_SCALED) {
            out.writeUnsigned(scale.field());
        }
        long previous = 0;
        for (long id : ids) {
            if (id <= previous) {
                throw new IllegalArgumentException("stack ids must be positive and strictly ascending");
            }
            out.writeUnsigned(id - previous);
            previous = id;
        }
        for (long value : payload.values()) {
            scale.write(out, value);
        }
        return out.toByteArray();
    }

    /** Decodes either format; throws {@link IllegalArgumentException} for bytes that no encoder wrote. */
    public static Payload decode(byte[] bytes) {
        VarIntReader in = new VarIntReader(bytes);
        PayloadHeader header = PayloadHeader.read(in);
        long count = in.readUnsigned();
        // each stack takes at least two bytes (its id gap and its value): a larger count is corrupt
        if (count < 0 || count > in.remaining() / 2) {
            throw new IllegalArgumentException("payload is truncated: " + Long.toUnsignedString(count) + " stacks in " + in.remaining() + " bytes");
        }
        ValueScale scale = header.format() == FORMAT_PLAIN ? ValueScale.PLAIN : ValueScale.read(in.readUnsigned(), header.period());
        int n = (int) count;
        long[] ids = new long[n];
        long id = 0;
        for (int i = 0; i < n; i++) {
            id += in.readUnsigned();
            ids[i] = id;
        }
        long[] values = new long[n];
        scale.read(in, values);
        if (!in.atEnd()) {
            throw new IllegalArgumentException("payload has trailing bytes");
        }
        return new Payload(header.period(), header.durationNanos(), ids, values);
    }
}

package dev.pyrometer.storage.payload;

import java.util.Arrays;

/**
 * Packs a {@link Payload} into bytes: a format byte (1), then unsigned LEB128 varints of period
 * (zigzag), duration, the stack count n, n stack-id gaps (the first id, then differences between
 * ascending ids), and n zigzag values. Ascending ids make the gaps small, so a typical stack
 * reference costs one or two bytes.
 */
public final class PayloadCodec {
    private static final byte FORMAT = 1;

    private PayloadCodec() {
    }

    /** Sorts by stack id (ids must be distinct) and encodes. The arrays are not modified. */
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

    /** Encodes a payload whose stack ids are already strictly ascending. */
    public static byte[] encode(Payload payload) {
        long[] ids = payload.stackIds();
        VarIntWriter out = new VarIntWriter(8 + ids.length * 4);
        out.writeByte(FORMAT);
        out.writeSigned(payload.period());
        out.writeUnsigned(payload.durationNanos());
        out.writeUnsigned(ids.length);
        long previous = 0;
        for (long id : ids) {
            if (id <= previous) {
                throw new IllegalArgumentException("stack ids must be positive and strictly ascending");
            }
            out.writeUnsigned(id - previous);
            previous = id;
        }
        for (long value : payload.values()) {
            out.writeSigned(value);
        }
        return out.toByteArray();
    }

    public static Payload decode(byte[] bytes) {
        VarIntReader in = new VarIntReader(bytes);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown payload format " + format);
        }
        long period = in.readSigned();
        long duration = in.readUnsigned();
        long count = in.readUnsigned();
        // each stack takes at least two bytes (its id gap and its value): a larger count is corrupt
        if (count < 0 || count > in.remaining() / 2) {
            throw new IllegalArgumentException("payload is truncated: " + Long.toUnsignedString(count) + " stacks in " + in.remaining() + " bytes");
        }
        int n = (int) count;
        long[] ids = new long[n];
        long id = 0;
        for (int i = 0; i < n; i++) {
            id += in.readUnsigned();
            ids[i] = id;
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readSigned();
        }
        if (!in.atEnd()) {
            throw new IllegalArgumentException("payload has trailing bytes");
        }
        return new Payload(period, duration, ids, values);
    }
}

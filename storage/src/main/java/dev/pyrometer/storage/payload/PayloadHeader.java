package dev.pyrometer.storage.payload;

/**
 * The fixed front of a payload, the same in every format: the format byte, the period (zigzag
 * varint) and the duration (unsigned varint). {@link #PREFIX_BYTES} bytes always hold it, so a
 * reader can fetch that prefix ({@code substring(payload FROM 1 FOR 21)}) instead of the whole payload.
 *
 * @param format        {@link PayloadCodec#FORMAT_PLAIN} or {@link PayloadCodec#FORMAT_SCALED}
 * @param period        the pprof period, in the profile type's period unit
 * @param durationNanos the covered duration in ns; 0 when unknown
 */
public record PayloadHeader(int format, long period, long durationNanos) {
    /** One format byte and two varints of at most 10 bytes each. */
    public static final int PREFIX_BYTES = 21;

    /** The duration in ns stored in a payload's prefix (or whole payload) of any format; 0 when unknown. */
    public static long durationNanos(byte[] prefix) {
        return read(new VarIntReader(prefix)).durationNanos();
    }

    /** Reads the header; throws {@link IllegalArgumentException} for an unknown format or truncated bytes. */
    static PayloadHeader read(VarIntReader in) {
        int format = in.readByte();
        if (format != PayloadCodec.FORMAT_PLAIN && format != PayloadCodec.FORMAT_SCALED) {
            throw new IllegalArgumentException("unknown payload format " + format);
        }
        long period = in.readSigned();
        return new PayloadHeader(format, period, in.readUnsigned());
    }

    void write(VarIntWriter out) {
        out.writeByte(format);
        out.writeSigned(period);
        out.writeUnsigned(durationNanos);
    }
}

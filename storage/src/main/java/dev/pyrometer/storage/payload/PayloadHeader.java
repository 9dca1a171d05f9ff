package dev.pyrometer.storage.payload;

/**
 * The fixed front of a payload: the format byte, the period and the duration. {@link #PREFIX_BYTES}
 * bytes always hold it, so a reader can fetch that prefix ({@code substring(payload FROM 1 FOR 21)})
 * instead of the whole payload.
 */
public final class PayloadHeader {
    /** One format byte and two varints of at most 10 bytes each. */
    public static final int PREFIX_BYTES = 21;

    private PayloadHeader() {
    }

    /** The duration in ns stored in a payload's prefix (or whole payload); 0 when unknown. */
    public static long durationNanos(byte[] prefix) {
        VarIntReader in = new VarIntReader(prefix);
        int format = in.readByte();
        if (format != 1) {
            throw new IllegalArgumentException("unknown payload format " + format);
        }
        in.readSigned();
        return in.readUnsigned();
    }
}

package dev.pyrometer.storage.payload;

/** Reads what {@link VarIntWriter} wrote; throws {@link IllegalArgumentException} on truncated input. */
final class VarIntReader {
    private final byte[] bytes;
    private int position;

    VarIntReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int readByte() {
        if (position >= bytes.length) {
            throw new IllegalArgumentException("payload is truncated");
        }
        return bytes[position++] & 0xFF;
    }

    long readUnsigned() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint is longer than 10 bytes");
    }

    long readSigned() {
        long raw = readUnsigned();
        return (raw >>> 1) ^ -(raw & 1);
    }

    int remaining() {
        return bytes.length - position;
    }

    boolean atEnd() {
        return position == bytes.length;
    }
}

package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;

import java.nio.charset.StandardCharsets;

/**
 * A bounded cursor over JFR bytes: big-endian fixed-width values, JFR's compressed integers
 * (7 bits per byte for the first 8 bytes, all 8 bits of a 9th) and JFR's encoded strings. Reading
 * past the limit throws {@link Problem#TRUNCATED}; a length that could not fit in the remaining
 * bytes is refused before anything is allocated for it.
 */
final class JfrInput {
    private final byte[] data;
    private int position;
    private int limit;

    JfrInput(byte[] data, int position, int limit) {
        this.data = data;
        this.position = position;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    int limit() {
        return limit;
    }

    int remaining() {
        return limit - position;
    }

    /** Moves to an absolute offset within [0, limit]. */
    void seek(int offset) throws InvalidProfileException {
        if (offset < 0 || offset > limit) {
            throw truncated();
        }
        position = offset;
    }

    /** Narrows the readable range to end at {@code newLimit} (no further than the current limit). */
    void limit(int newLimit) throws InvalidProfileException {
        if (newLimit < position || newLimit > limit) {
            throw truncated();
        }
        limit = newLimit;
    }

    int u1() throws InvalidProfileException {
        if (position >= limit) {
            throw truncated();
        }
        return data[position++] & 0xff;
    }

    int fixedInt() throws InvalidProfileException {
        require(4);
        int v = ((data[position] & 0xff) << 24) | ((data[position + 1] & 0xff) << 16)
                | ((data[position + 2] & 0xff) << 8) | (data[position + 3] & 0xff);
        position += 4;
        return v;
    }

    long fixedLong() throws InvalidProfileException {
        long high = fixedInt() & 0xffffffffL;
        long low = fixedInt() & 0xffffffffL;
        return (high << 32) | low;
    }

    int fixedShort() throws InvalidProfileException {
        return (u1() << 8) | u1();
    }

    /** A compressed long. */
    long varLong() throws InvalidProfileException {
        long result = 0;
        for (int shift = 0; shift < 56; shift += 7) {
            int b = u1();
            result |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                return result;
            }
        }
        return result | ((long) u1() << 56);
    }

    /** A compressed int (its low 32 bits). */
    int varInt() throws InvalidProfileException {
        return (int) varLong();
    }

    /** A count or length that must lie in [0, remaining / minBytesEach]. */
    int count(int minBytesEach, String what) throws InvalidProfileException {
        long n = varLong();
        if (n < 0 || n > remaining() / Math.max(1, minBytesEach)) {
            throw new InvalidProfileException(Problem.MALFORMED,
                    "JFR " + what + " count " + n + " exceeds the " + remaining() + " bytes that remain");
        }
        return (int) n;
    }

    void skip(int bytes) throws InvalidProfileException {
        require(bytes);
        position += bytes;
    }

    /**
     * An encoded string: 0 null, 1 "", 2 a reference into the string constant pool (returned as
     * {@link #POOLED}, its key skipped), 3 UTF-8, 4 compressed chars, 5 Latin-1.
     */
    String string() throws InvalidProfileException {
        int encoding = u1();
        switch (encoding) {
            case 0:
                return null;
            case 1:
                return "";
            case 2:
                varLong();
                return POOLED;
            case 3: {
                int length = count(1, "string byte");
                String s = new String(data, position, length, StandardCharsets.UTF_8);
                position += length;
                return s;
            }
            case 4: {
                int length = count(1, "string char");
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    chars[i] = (char) varInt();
                }
                return new String(chars);
            }
            case 5: {
                int length = count(1, "string byte");
                String s = new String(data, position, length, StandardCharsets.ISO_8859_1);
                position += length;
                return s;
            }
            default:
                throw new InvalidProfileException(Problem.MALFORMED, "JFR string has unknown encoding " + encoding);
        }
    }

    /** Stands for a string held in the recording's string constant pool, which the converter does not need. */
    static final String POOLED = "";

    private void require(int bytes) throws InvalidProfileException {
        if (bytes < 0 || bytes > remaining()) {
            throw truncated();
        }
    }

    private static InvalidProfileException truncated() {
        return new InvalidProfileException(Problem.TRUNCATED, "JFR recording is truncated: a value runs past the end of its chunk or event");
    }
}

package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Inflates gzip data into an array of exactly the inflated size, never holding more than
 * {@code maxBytes} inflated bytes, so a gzip bomb costs at most that much memory before it is
 * refused. The gzip trailer's size field sizes the array; when it is wrong (several members, or
 * a damaged or hostile stream) the data is inflated once without keeping it, to count its
 * size, and then again into an exact array. Heap allocated: at most {@code 2 × maxBytes} plus an
 * input buffer of at most 64 KiB (the compressed size, for a smaller input: a profile of a few KiB
 * costs no 64 KiB of garbage), and a 64 KiB buffer when counting; at most {@code maxBytes} of it
 * reachable at once. Plain (not gzipped) input is returned as it is.
 */
public final class BoundedGunzip {
    private static final int BUFFER = 64 * 1024;
    /** GZIPInputStream's own default input buffer: the smallest one used. */
    private static final int MIN_INPUT_BUFFER = 512;

    private BoundedGunzip() {
    }

    public static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    public static byte[] inflate(byte[] data, int maxBytes) throws InvalidProfileException {
        if (!isGzip(data)) {
            if (data.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return data;
        }
        long trailerSize = data.length >= 18 ? (readIntLittleEndian(data, data.length - 4) & 0xffffffffL) : -1;
        if (trailerSize >= 0 && trailerSize <= maxBytes) {
            byte[] exact = new byte[(int) trailerSize];
            if (inflateInto(data, exact, maxBytes) == trailerSize) {
                return exact;
            }
        }
        long size = inflateInto(data, null, maxBytes);
        if (size > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] exact = new byte[(int) size];
        inflateInto(data, exact, maxBytes);
        return exact;
    }

    /**
     * Inflates {@code data} into {@code target}, or only counts when it is null, and returns the
     * inflated size; stops at {@code target.length + 1} bytes when a target is given, and past
     * {@code maxBytes} when none is.
     */
    private static long inflateInto(byte[] data, byte[] target, int maxBytes) throws InvalidProfileException {
        int inputBuffer = Math.max(MIN_INPUT_BUFFER, Math.min(BUFFER, data.length));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data), inputBuffer)) {
            long size = 0;
            if (target != null) {
                int read;
                while (size < target.length && (read = in.read(target, (int) size, target.length - (int) size)) > 0) {
                    size += read;
                }
                return size < target.length ? size : size + (in.read() >= 0 ? 1 : 0);
            }
            byte[] discard = new byte[BUFFER];
            int read;
            while (size <= maxBytes && (read = in.read(discard)) > 0) {
                size += read;
            }
            return size;
        } catch (EOFException e) {
            throw new InvalidProfileException(Problem.TRUNCATED, "gzip stream is truncated", e);
        } catch (ZipException e) {
            throw new InvalidProfileException(Problem.NOT_PPROF, "corrupt gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidProfileException(Problem.NOT_PPROF, "unreadable gzip stream: " + e.getMessage(), e);
        }
    }

    private static int readIntLittleEndian(byte[] data, int at) {
        return (data[at] & 0xff) | (data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff) << 16 | (data[at + 3] & 0xff) << 24;
    }

    private static InvalidProfileException tooLarge(int maxBytes) {
        return new InvalidProfileException(Problem.DECOMPRESSED_TOO_LARGE,
                "decompressed pprof exceeds the limit of " + maxBytes + " bytes");
    }
}

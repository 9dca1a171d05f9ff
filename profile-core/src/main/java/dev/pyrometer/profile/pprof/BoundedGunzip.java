package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Inflates gzip data without ever holding more than a fixed number of inflated bytes, so a
 * gzip bomb costs at most {@code maxBytes} of memory before it is refused. Plain (not gzipped)
 * input is returned as it is.
 */
final class BoundedGunzip {
    private BoundedGunzip() {
    }

    static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    static byte[] inflate(byte[] data, int maxBytes) throws InvalidProfileException {
        if (!isGzip(data)) {
            if (data.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return data;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 64 * 1024)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(1024, data.length * 4)));
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                if (out.size() + read > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (EOFException e) {
            throw new InvalidProfileException(Problem.TRUNCATED, "gzip stream is truncated", e);
        } catch (ZipException e) {
            throw new InvalidProfileException(Problem.NOT_PPROF, "corrupt gzip stream: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidProfileException(Problem.NOT_PPROF, "unreadable gzip stream: " + e.getMessage(), e);
        }
    }

    private static InvalidProfileException tooLarge(int maxBytes) {
        return new InvalidProfileException(Problem.DECOMPRESSED_TOO_LARGE,
                "decompressed pprof exceeds the limit of " + maxBytes + " bytes");
    }
}

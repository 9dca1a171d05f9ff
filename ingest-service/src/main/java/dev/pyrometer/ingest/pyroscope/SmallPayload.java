package dev.pyrometer.ingest.pyroscope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A converted pprof as a push carries it: plain when it fits the compressed-size limit, else
 * gzipped (fastest level), so that a profile converted from JFR or collapsed stacks meets the same
 * limits as one sent as pprof (its inflated size by maxDecompressedBytes).
 */
final class SmallPayload {
    private SmallPayload() {
    }

    static byte[] of(byte[] pprof, int maxCompressedBytes) {
        if (pprof.length <= maxCompressedBytes) {
            return pprof;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(pprof.length / 4);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gzip.write(pprof);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

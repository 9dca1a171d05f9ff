package dev.pyrometer.ingest.support;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Gzipped pprof bytes built field by field (perftools.profiles.Profile field numbers), streamed into
 * gzip so that a profile of millions of samples costs the test only its compressed size.
 */
public final class HostilePprof {
    private static final int SAMPLE_TYPE = 1;
    private static final int SAMPLE = 2;
    private static final int LOCATION = 4;
    private static final int FUNCTION = 5;
    private static final int STRING_TABLE = 6;
    private static final int TIME_NANOS = 9;

    private HostilePprof() {
    }

    /** {@code samples} one-frame samples of value 1 on one location: tiny gzipped, huge inflated. */
    public static byte[] manySamples(int samples, long timeNanos) {
        return build(1, samples, timeNanos);
    }

    /** One location with {@code inlineLines} lines (one function each), referenced by {@code samples} samples. */
    public static byte[] deepInlineLocation(int inlineLines, int samples, long timeNanos) {
        return build(inlineLines, samples, timeNanos);
    }

    private static byte[] build(int lines, int samples, long timeNanos) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes, 1 << 16)) {
            CodedOutputStream out = CodedOutputStream.newInstance(gzip, 1 << 16);
            // strings: 0 "", 1 "samples", 2 "count", then one function name per line from 3
            for (String text : new String[] {"", "samples", "count"}) {
                out.writeString(STRING_TABLE, text);
            }
            for (int i = 0; i < lines; i++) {
                out.writeString(STRING_TABLE, "main.inlined" + i);
            }
            out.writeByteArray(SAMPLE_TYPE, message(m -> {
                m.writeInt64(1, 1);
                m.writeInt64(2, 2);
            }));
            for (int i = 0; i < lines; i++) {
                int id = i + 1;
                out.writeByteArray(FUNCTION, message(m -> {
                    m.writeUInt64(1, id);
                    m.writeInt64(2, 2 + id);
                }));
            }
            out.writeByteArray(LOCATION, message(m -> {
                m.writeUInt64(1, 1);
                for (int i = 0; i < lines; i++) {
                    int functionId = i + 1;
                    m.writeByteArray(4, message(line -> {
                        line.writeUInt64(1, functionId);
                        line.writeInt64(2, functionId);
                    }));
                }
            }));
            byte[] sample = message(m -> {
                m.writeByteArray(1, new byte[] {1});
                m.writeByteArray(2, new byte[] {1});
            });
            for (int i = 0; i < samples; i++) {
                out.writeByteArray(SAMPLE, sample);
            }
            out.writeInt64(TIME_NANOS, timeNanos);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}

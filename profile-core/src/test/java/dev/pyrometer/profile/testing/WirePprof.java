package dev.pyrometer.profile.testing;

import com.google.protobuf.CodedOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/**
 * Writes pprof protobufs field by field, for profiles too large or too odd to build as generated
 * messages: millions of entries cost only their wire bytes here. Field numbers are those of
 * perftools.profiles.Profile.
 */
public final class WirePprof {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes, 1 << 16);

    public WirePprof strings(String... strings) {
        try {
            for (String string : strings) {
                out.writeString(6, string);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A sample_type of string indexes {@code type} and {@code unit}. */
    public WirePprof sampleType(int type, int unit) {
        return message(1, tag(1, type), tag(2, unit));
    }

    public WirePprof function(long id, int name, int filename) {
        return message(5, tag(1, id), tag(2, name), tag(4, filename));
    }

    /** A location with one Line per entry of {@code lineNumbers}, all of function {@code functionId}. */
    public WirePprof location(long id, long functionId, long... lineNumbers) {
        byte[][] lines = new byte[lineNumbers.length][];
        for (int i = 0; i < lineNumbers.length; i++) {
            lines[i] = encode(tag(1, functionId), tag(2, lineNumbers[i]));
        }
        try {
            out.writeTag(4, 2);
            int size = CodedOutputStream.computeUInt64Size(1, id);
            for (byte[] line : lines) {
                size += CodedOutputStream.computeByteArraySize(4, line);
            }
            out.writeUInt32NoTag(size);
            out.writeUInt64(1, id);
            for (byte[] line : lines) {
                out.writeByteArray(4, line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A sample with packed location ids and values, and string labels as (key, str) index pairs. */
    public WirePprof sample(long[] locationIds, long[] values, int... labelPairs) {
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        CodedOutputStream fields = CodedOutputStream.newInstance(sample);
        try {
            writePacked(fields, 1, locationIds);
            writePacked(fields, 2, values);
            for (int i = 0; i < labelPairs.length; i += 2) {
                fields.writeByteArray(3, encode(tag(1, labelPairs[i]), tag(2, labelPairs[i + 1])));
            }
            fields.flush();
            out.writeByteArray(2, sample.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The same sample {@code count} times, encoded once. */
    public WirePprof samples(int count, long[] locationIds, long[] values) {
        WirePprof one = new WirePprof().sample(locationIds, values);
        byte[] encoded = one.plain();
        try {
            for (int i = 0; i < count; i++) {
                out.writeRawBytes(encoded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public byte[] plain() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public byte[] gzipped() {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped, 1 << 16)) {
            gzip.write(plain());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zipped.toByteArray();
    }

    private static long[] tag(int field, long value) {
        return new long[] {field, value};
    }

    private WirePprof message(int field, long[]... varints) {
        try {
            out.writeByteArray(field, encode(varints));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private static byte[] encode(long[]... varints) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        CodedOutputStream fields = CodedOutputStream.newInstance(message);
        try {
            for (long[] varint : varints) {
                fields.writeUInt64((int) varint[0], varint[1]);
            }
            fields.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return message.toByteArray();
    }

    private static void writePacked(CodedOutputStream fields, int field, long[] values) throws IOException {
        int size = 0;
        for (long value : values) {
            size += CodedOutputStream.computeUInt64SizeNoTag(value);
        }
        fields.writeTag(field, 2);
        fields.writeUInt32NoTag(size);
        for (long value : values) {
            fields.writeUInt64NoTag(value);
        }
    }
}

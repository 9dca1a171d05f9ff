package dev.pyrometer.agent.pprof;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Reads pprof bytes (gzipped, as Go serves them, or plain) and writes gzipped pprof. */
public final class PprofCodec {
    /** Largest inflated pprof accepted: the server's default limit. */
    public static final int MAX_INFLATED_BYTES = 32 << 20;

    private PprofCodec() {
    }

    /** @throws InvalidPprofException when the bytes are not a pprof profile, or inflate beyond {@link #MAX_INFLATED_BYTES} */
    public static PprofProto.Profile decode(byte[] data) throws InvalidPprofException {
        if (data.length == 0) {
            throw new InvalidPprofException("empty response, not a pprof profile");
        }
        try {
            byte[] plain = isGzip(data) ? gunzip(data) : data;
            PprofProto.Profile profile = PprofProto.Profile.parseFrom(CodedInputStream.newInstance(plain));
            if (profile.getStringTableCount() == 0 || !profile.getStringTable(0).isEmpty() || profile.getSampleTypeCount() == 0) {
                throw new InvalidPprofException("not a pprof profile: no string table or no sample types");
            }
            return profile;
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidPprofException("not a pprof profile: " + e.getMessage());
        } catch (IOException e) {
            throw new InvalidPprofException("corrupt gzip data: " + e.getMessage());
        }
    }

    public static byte[] encode(PprofProto.Profile profile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, profile.getSerializedSize() / 3));
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 8192)) {
            profile.writeTo(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    public static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    private static byte[] gunzip(byte[] data) throws IOException, InvalidPprofException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 4);
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) > 0) {
                if (out.size() + read > MAX_INFLATED_BYTES) {
                    throw new InvalidPprofException("pprof inflates beyond " + MAX_INFLATED_BYTES + " bytes");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }
}

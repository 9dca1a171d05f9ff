package dev.pyrometer.compat.isolation;

import dev.pyrometer.protocol.pprof.PprofProto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A real Go CPU capture (profile-core's go-seedapp fixtures) whose every function name starts with
 * {@code <marker>mark.}, taken at a given time: a tenant's profiles carry its marker in every frame, so any answer
 * holding another tenant's marker has leaked that tenant's data.
 */
public final class MarkedProfile {
    private static final String CAPTURE = "/fixtures/go-seedapp/cpu-1.pb.gz";

    private MarkedProfile() {
    }

    /** The gzipped pprof, function names prefixed with {@code marker + "mark."}, time {@code at}. */
    public static byte[] gzipped(String marker, Instant at) {
        PprofProto.Profile profile = capture();
        Set<Long> names = new HashSet<>();
        profile.getFunctionList().forEach(function -> names.add(function.getName()));
        PprofProto.Profile.Builder marked = profile.toBuilder().setTimeNanos(at.getEpochSecond() * 1_000_000_000L + at.getNano());
        for (long index : names) {
            marked.setStringTable((int) index, marker + "mark." + profile.getStringTable((int) index));
        }
        return gzip(marked.build());
    }

    /** A profile as agents send it: the protobuf, gzipped. */
    public static byte[] gzip(PprofProto.Profile profile) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            profile.writeTo(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static PprofProto.Profile capture() {
        try (InputStream in = MarkedProfile.class.getResourceAsStream(CAPTURE)) {
            if (in == null) {
                throw new IllegalStateException("no " + CAPTURE + " on the classpath (profile-core's test jar)");
            }
            return PprofProto.Profile.parseFrom(new GZIPInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

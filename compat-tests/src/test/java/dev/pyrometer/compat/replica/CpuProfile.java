package dev.pyrometer.compat.replica;

import dev.pyrometer.compat.isolation.MarkedProfile;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.time.Instant;
import java.util.List;

/**
 * A gzipped pprof CPU profile as Go writes one ({@code samples/count} and {@code cpu/nanoseconds}, period 10 ms)
 * with one stack, {@code main.main → main.work}, so a window's flame graph total is exactly the sum of what was
 * pushed.
 */
public final class CpuProfile {
    private static final long PERIOD_NANOS = 10_000_000;
    private static final List<String> STRINGS = List.of("", "samples", "count", "cpu", "nanoseconds", "main.work", "main.main", "main.go");

    private CpuProfile() {
    }

    /** The profile taken at {@code at} holding {@code cpuNanos} (a multiple of 10 ms) of CPU time. */
    public static byte[] gzipped(long cpuNanos, Instant at) {
        if (cpuNanos % PERIOD_NANOS != 0) {
            throw new IllegalArgumentException("CPU time must be a multiple of the 10 ms period, got " + cpuNanos + " ns");
        }
        PprofProto.Profile profile = PprofProto.Profile.newBuilder()
                .addAllStringTable(STRINGS)
                .addSampleType(PprofProto.ValueType.newBuilder().setType(1).setUnit(2))
                .addSampleType(PprofProto.ValueType.newBuilder().setType(3).setUnit(4))
                .setPeriodType(PprofProto.ValueType.newBuilder().setType(3).setUnit(4))
                .setPeriod(PERIOD_NANOS)
                .addFunction(PprofProto.Function.newBuilder().setId(1).setName(5).setSystemName(5).setFilename(7))
                .addFunction(PprofProto.Function.newBuilder().setId(2).setName(6).setSystemName(6).setFilename(7))
                .addLocation(PprofProto.Location.newBuilder().setId(1).addLine(PprofProto.Line.newBuilder().setFunctionId(1).setLine(10)))
                .addLocation(PprofProto.Location.newBuilder().setId(2).addLine(PprofProto.Line.newBuilder().setFunctionId(2).setLine(20)))
                .addSample(PprofProto.Sample.newBuilder().addLocationId(1).addLocationId(2).addValue(cpuNanos / PERIOD_NANOS).addValue(cpuNanos))
                .setTimeNanos(at.getEpochSecond() * 1_000_000_000L + at.getNano())
                .setDurationNanos(10_000_000_000L)
                .build();
        return MarkedProfile.gzip(profile);
    }
}

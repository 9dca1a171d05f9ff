package dev.pyrometer.bench.ingest;

import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.protocol.pprof.PprofProto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Gzipped pprof payloads that look like a fleet built from the real Go captures: each service gets
 * its own copy of the application's functions ({@code main.X} becomes {@code main.svcNN_X}, so its
 * stacks are its own while runtime and library frames are shared, as in a real fleet), and each
 * variant scales the sample values so payloads differ. With {@code granular} values, a value column
 * is scaled in units of its granularity in the capture (the gcd of its values: a cpu profile's period
 * for cpu/nanoseconds), so scaled values stay multiples of it as a real profile's do; without, every
 * value is scaled and rounded to 1.
 */
public final class FleetProfiles {
    /** The endpoints an agent pushes each round, with the profile name it gives. */
    public static final List<String[]> KINDS = List.of(
            new String[] {"cpu", "process_cpu"}, new String[] {"heap", "memory"}, new String[] {"allocs", "memory"},
            new String[] {"goroutine", "goroutine"}, new String[] {"mutex", "mutex"}, new String[] {"block", "block"});

    private final byte[][] payloads;
    private final int[] sampleCounts;
    private final int services;
    private final int variants;

    /** payload(service, kind, round % rounds, variant) for {@code services} services. */
    public FleetProfiles(int services, int variants, long seed) {
        this(services, variants, seed, false);
    }

    public FleetProfiles(int services, int variants, long seed, boolean granular) {
        this.services = services;
        this.variants = variants;
        Random random = new Random(seed);
        payloads = new byte[services * KINDS.size() * Fixtures.ROUNDS * variants][];
        sampleCounts = new int[KINDS.size() * Fixtures.ROUNDS];
        for (int kind = 0; kind < KINDS.size(); kind++) {
            for (int round = 0; round < Fixtures.ROUNDS; round++) {
                PprofProto.Profile capture = Fixtures.proto(KINDS.get(kind)[0] + "-" + (round + 1) + ".pb.gz");
                sampleCounts[kind * Fixtures.ROUNDS + round] = capture.getSampleCount();
                for (int service = 0; service < services; service++) {
                    PprofProto.Profile renamed = renamed(capture, service);
                    for (int variant = 0; variant < variants; variant++) {
                        payloads[index(service, kind, round, variant)] = gzip(scaled(renamed, 0.5 + random.nextDouble(), granular));
                    }
                }
            }
        }
    }

    public byte[] payload(int service, int kind, long round, long variant) {
        return payloads[index(service, kind, (int) (round % Fixtures.ROUNDS), (int) (variant % variants))];
    }

    /** pprof samples in the payload of (kind, round), the same for every service and variant. */
    public int samples(int kind, long round) {
        return sampleCounts[kind * Fixtures.ROUNDS + (int) (round % Fixtures.ROUNDS)];
    }

    private int index(int service, int kind, int round, int variant) {
        return ((service * KINDS.size() + kind) * Fixtures.ROUNDS + round) * variants + variant;
    }

    private static PprofProto.Profile renamed(PprofProto.Profile capture, int service) {
        PprofProto.Profile.Builder builder = capture.toBuilder();
        List<String> strings = new ArrayList<>(builder.getStringTableList());
        for (PprofProto.Function function : capture.getFunctionList()) {
            String name = strings.get((int) function.getName());
            if (name.startsWith("main.")) {
                strings.set((int) function.getName(), String.format("main.svc%02d_%s", service, name.substring(5)));
            }
        }
        return builder.clearStringTable().addAllStringTable(strings).build();
    }

    private static PprofProto.Profile scaled(PprofProto.Profile profile, double factor, boolean granular) {
        long[] units = units(profile, granular);
        PprofProto.Profile.Builder builder = profile.toBuilder();
        for (PprofProto.Sample.Builder sample : builder.getSampleBuilderList()) {
            for (int i = 0; i < sample.getValueCount(); i++) {
                sample.setValue(i, Math.round(sample.getValue(i) / units[i] * factor) * units[i]);
            }
        }
        return builder.build();
    }

    /**
     * The unit each value column is scaled or split in: with {@code granular}, the gcd of the column's
     * values (1 when they are all zero), which divides every value of the column; otherwise 1.
     */
    public static long[] units(PprofProto.Profile profile, boolean granular) {
        long[] units = new long[profile.getSampleTypeCount()];
        for (PprofProto.Sample sample : granular ? profile.getSampleList() : List.<PprofProto.Sample>of()) {
            for (int i = 0; i < sample.getValueCount(); i++) {
                units[i] = BigInteger.valueOf(units[i]).gcd(BigInteger.valueOf(sample.getValue(i))).longValueExact();
            }
        }
        for (int i = 0; i < units.length; i++) {
            units[i] = Math.max(1, units[i]);
        }
        return units;
    }

    private static byte[] gzip(PprofProto.Profile profile) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            profile.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}

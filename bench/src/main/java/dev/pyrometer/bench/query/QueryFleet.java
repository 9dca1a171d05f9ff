package dev.pyrometer.bench.query;

import dev.pyrometer.bench.ingest.FleetProfiles;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.PprofDecoder;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import dev.pyrometer.protocol.pprof.PprofProto;
import dev.pyrometer.storage.write.Upload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The payloads the query benchmark stores, built on the ingest benchmark's {@link FleetProfiles}
 * (the real Go captures, {@code main.*} renamed per service, values scaled per variant), trimmed
 * the way the sidecar trims them (see agent-client's {@code GoEndpoint}): {@code /heap} keeps only
 * {@code inuse_objects} and {@code inuse_space}, {@code /allocs} only {@code alloc_objects} and
 * {@code alloc_space}, so no memory sample type is stored twice. cpu, goroutine, mutex and block
 * keep every sample type.
 *
 * <p>Not reproduced: the sidecar sends allocs, mutex and block as deltas between scrapes; the
 * captures are cumulative since the seed process started and are stored as they are. That changes
 * values, not the shape of the work (a delta drops unchanged stacks, so real payloads are at most
 * as large as these).
 *
 * <p>Each payload is turned into series once, the way ingest-service's {@code UploadValidator} does
 * it (profile-core's {@link PprofDecoder} with the default limits, then {@link SeriesSplitter} with
 * the profile name the sidecar sends); an upload is then that template with the pod's labels and
 * time, which is what splitting each upload would produce, without decoding millions of times.
 * (ingest-service's own jar cannot be compiled against: its main artifact is repackaged by Spring
 * Boot, see the bench README.)
 */
public final class QueryFleet {
    /** Sample types kept per kind (index into {@link FleetProfiles#KINDS}); empty keeps all. */
    private static final List<Set<String>> KEPT = List.of(Set.of(), Set.of("inuse_objects", "inuse_space"),
            Set.of("alloc_objects", "alloc_space"), Set.of(), Set.of(), Set.of());
    public static final int KINDS = FleetProfiles.KINDS.size();

    private final int services;
    private final int variants;
    /** [service][kind][round][variant]: the trimmed gzipped payload. */
    private final byte[][] payloads;
    private final List<SeriesProfile>[] templates;
    private final int[] samples;
    private final int[] seriesPerKind = new int[KINDS];

    private long cpuStacks;
    private long cpuProfiles;

    /**
     * @param stackVariants 1 stores the captures' stacks as they are; K > 1 fans every sample out over K
     *                      synthetic root frames (see {@link #fannedOut}), for profiles with K times as many stacks
     */
    public QueryFleet(int services, int variants, long seed, int stackVariants) {
        this(services, variants, seed, stackVariants, false);
    }

    /**
     * @param granular values scaled and fanned out in units of each value column's granularity (see
     *                 {@link FleetProfiles}), so cpu values stay multiples of the period
     */
    @SuppressWarnings("unchecked")
    public QueryFleet(int services, int variants, long seed, int stackVariants, boolean granular) {
        this.services = services;
        this.variants = variants;
        FleetProfiles fleet = new FleetProfiles(services, variants, seed, granular);
        int size = services * KINDS * Fixtures.ROUNDS * variants;
        payloads = new byte[size][];
        templates = new List[size];
        samples = new int[size];
        PprofDecoder decoder = new PprofDecoder(ProfileLimits.defaults());
        SeriesSplitter splitter = new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults()));
        for (int service = 0; service < services; service++) {
            LabelSet labels = LabelSet.of(java.util.Map.of(LabelSet.SERVICE_NAME, serviceName(service)));
            for (int kind = 0; kind < KINDS; kind++) {
                for (int round = 0; round < Fixtures.ROUNDS; round++) {
                    for (int variant = 0; variant < variants; variant++) {
                        int i = index(service, kind, round, variant);
                        PprofProto.Profile trimmed = trimmed(parse(fleet.payload(service, kind, round, variant)), KEPT.get(kind));
                        if (stackVariants > 1) {
                            trimmed = fannedOut(trimmed, service, stackVariants, new Random(i * 31L + seed), granular);
                        }
                        payloads[i] = gzip(trimmed);
                        samples[i] = trimmed.getSampleCount();
                        templates[i] = split(decoder, splitter, payloads[i], kind, labels);
                        seriesPerKind[kind] = templates[i].size();
                        if (kind == 0) {
                            cpuStacks += templates[i].get(templates[i].size() - 1).stackCount();
                            cpuProfiles++;
                        }
                    }
                }
            }
        }
    }

    /** Mean distinct stacks in one stored cpu snapshot (cpu:nanoseconds). */
    public double cpuStacksPerSnapshot() {
        return (double) cpuStacks / cpuProfiles;
    }

    static String serviceName(int service) {
        return String.format("svc%02d", service);
    }

    /** The profile name the sidecar sends for {@code kind}. */
    static String profileName(int kind) {
        return FleetProfiles.KINDS.get(kind)[1];
    }

    /** The endpoint of {@code kind}: cpu, heap, allocs, goroutine, mutex, block. */
    static String endpoint(int kind) {
        return FleetProfiles.KINDS.get(kind)[0];
    }

    /** The gzipped pprof stored for (service, kind, capture round, variant): what {@code go tool pprof} gets. */
    byte[] payload(int service, int kind, long round, int variant) {
        return payloads[index(service, kind, (int) (round % Fixtures.ROUNDS), variant % variants)];
    }

    /** pprof samples in that payload. */
    int samples(int service, int kind, long round, int variant) {
        return samples[index(service, kind, (int) (round % Fixtures.ROUNDS), variant % variants)];
    }

    /** Series (rows) one upload of {@code kind} splits into. */
    int seriesPerUpload(int kind) {
        return seriesPerKind[kind];
    }

    /** Series rows one pod stores per round when it pushes {@code kinds}. */
    public int seriesPerPodRound(int[] kinds) {
        int total = 0;
        for (int kind : kinds) {
            total += seriesPerKind[kind];
        }
        return total;
    }

    /**
     * The kinds {@code --kinds} names: "all", or a comma-separated list of endpoints (cpu, heap, allocs, goroutine,
     * mutex, block), as indexes in endpoint order.
     */
    public static int[] kinds(String text) {
        if (text.equals("all")) {
            return IntStream.range(0, KINDS).toArray();
        }
        List<String> names = Arrays.stream(text.split(",")).map(String::trim).toList();
        int[] kinds = IntStream.range(0, KINDS).filter(kind -> names.contains(endpoint(kind))).toArray();
        if (kinds.length != names.size()) {
            throw new IllegalArgumentException("--kinds takes all or endpoints among cpu, heap, allocs, goroutine, mutex, block; got '" + text + "'");
        }
        return kinds;
    }

    /** The endpoints of {@code kinds}, comma-separated. */
    static String kindNames(int[] kinds) {
        return String.join(", ", Arrays.stream(kinds).mapToObj(QueryFleet::endpoint).toList());
    }

    /** The upload of that payload from a pod with {@code labels}, covering {@code [timeNanos, timeNanos + durationNanos)}. */
    Upload upload(String tenant, String id, int service, int kind, long round, int variant, LabelSet labels, long timeNanos,
                  long durationNanos) {
        List<SeriesProfile> template = templates[index(service, kind, (int) (round % Fixtures.ROUNDS), variant % variants)];
        List<SeriesProfile> series = new ArrayList<>(template.size());
        for (SeriesProfile t : template) {
            series.add(new SeriesProfile(t.type(), labels, timeNanos, durationNanos, t.period(), t.frames(), t.stacks(), t.values()));
        }
        return new Upload(tenant, id, series);
    }

    private int index(int service, int kind, int round, int variant) {
        return ((service * KINDS + kind) * Fixtures.ROUNDS + round) * variants + variant;
    }

    private static List<SeriesProfile> split(PprofDecoder decoder, SeriesSplitter splitter, byte[] payload, int kind, LabelSet labels) {
        try {
            List<SeriesProfile> series = splitter.split(decoder.decode(payload),
                    new UploadContext(labels, profileName(kind), 1_000_000_000L, 11_000_000_000L, 0));
            for (SeriesProfile profile : series) {
                if (!profile.labels().equals(labels)) {
                    // Sample labels would make the series depend on the payload; relabelling a template would then be wrong.
                    throw new IllegalStateException("capture of " + endpoint(kind) + " carries pprof labels " + profile.labels()
                            + "; the loader relabels templates and cannot store it");
                }
            }
            return series;
        } catch (InvalidProfileException e) {
            throw new IllegalStateException("capture of " + endpoint(kind) + " is refused by ingest: " + e.getMessage(), e);
        }
    }

    /** The profile with only the sample types in {@code kept} (all when empty), as the sidecar sends it. */
    static PprofProto.Profile trimmed(PprofProto.Profile profile, Set<String> kept) {
        if (kept.isEmpty()) {
            return profile;
        }
        List<Integer> columns = new ArrayList<>();
        for (int i = 0; i < profile.getSampleTypeCount(); i++) {
            if (kept.contains(profile.getStringTable((int) profile.getSampleType(i).getType()))) {
                columns.add(i);
            }
        }
        if (columns.size() != kept.size()) {
            throw new IllegalStateException("capture lacks some of the sample types " + kept);
        }
        PprofProto.Profile.Builder builder = profile.toBuilder().clearSampleType().clearSample();
        columns.forEach(i -> builder.addSampleType(profile.getSampleType(i)));
        long defaultType = profile.getDefaultSampleType();
        if (defaultType != 0 && columns.stream().noneMatch(i -> profile.getSampleType(i).getType() == defaultType)) {
            builder.setDefaultSampleType(0);
        }
        for (PprofProto.Sample sample : profile.getSampleList()) {
            PprofProto.Sample.Builder trimmedSample = sample.toBuilder().clearValue();
            columns.forEach(i -> trimmedSample.addValue(sample.getValue(i)));
            builder.addSample(trimmedSample);
        }
        return builder.build();
    }

    /**
     * A stress variant of a capture: every sample is split over {@code k} copies, each with one more
     * frame at the root end, {@code main.svcNN_routeJJJ} (as if the same code served k request routes).
     * The value is shared out at random and about a third of the copies get nothing in a given
     * snapshot, so the set of stacks changes over time and a long window holds more stacks than one
     * snapshot. Totals stay as in the capture, up to rounding. Each value is shared out in its column's
     * unit ({@link FleetProfiles#units}).
     */
    static PprofProto.Profile fannedOut(PprofProto.Profile profile, int service, int k, Random random, boolean granular) {
        long[] units = FleetProfiles.units(profile, granular);
        PprofProto.Profile.Builder builder = profile.toBuilder().clearSample();
        long nextFunction = profile.getFunctionList().stream().mapToLong(PprofProto.Function::getId).max().orElse(0) + 1;
        long nextLocation = profile.getLocationList().stream().mapToLong(PprofProto.Location::getId).max().orElse(0) + 1;
        long[] routeLocations = new long[k];
        for (int j = 0; j < k; j++) {
            builder.addStringTable(String.format("main.%s_route%03d", serviceName(service), j));
            long name = builder.getStringTableCount() - 1;
            builder.addFunction(PprofProto.Function.newBuilder().setId(nextFunction).setName(name).setSystemName(name));
            routeLocations[j] = nextLocation;
            builder.addLocation(PprofProto.Location.newBuilder().setId(nextLocation++)
                    .addLine(PprofProto.Line.newBuilder().setFunctionId(nextFunction++).setLine(10 + j)));
        }
        double[] weights = new double[k];
        for (PprofProto.Sample sample : profile.getSampleList()) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                weights[j] = random.nextDouble() < 0.35 ? 0 : random.nextDouble();
                sum += weights[j];
            }
            if (sum == 0) {
                weights[random.nextInt(k)] = 1;
                sum = 1;
            }
            for (int j = 0; j < k; j++) {
                if (weights[j] == 0) {
                    continue;
                }
                PprofProto.Sample.Builder copy = sample.toBuilder().clearValue().addLocationId(routeLocations[j]);
                boolean any = false;
                for (int v = 0; v < sample.getValueCount(); v++) {
                    long share = Math.round(sample.getValue(v) / units[v] * weights[j] / sum) * units[v];
                    copy.addValue(share);
                    any |= share != 0;
                }
                if (any) {
                    builder.addSample(copy);
                }
            }
        }
        return builder.build();
    }

    private static PprofProto.Profile parse(byte[] gzipped) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return PprofProto.Profile.parseFrom(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

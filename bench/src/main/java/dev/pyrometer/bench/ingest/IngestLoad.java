package dev.pyrometer.bench.ingest;

import dev.pyrometer.bench.common.Args;
import dev.pyrometer.bench.common.Clients;
import dev.pyrometer.bench.common.Latencies;
import dev.pyrometer.bench.cpu.ServerCpu;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Label;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest load generator: {@code clients} threads push, back to back, one pod's round of Go profiles
 * (cpu, heap, allocs, goroutine, mutex, block) per call to a running ingest-service, for a fleet of
 * {@code services} × {@code pods} pods. With {@code --clock=rounds} (the default) each pod's clock starts 30 minutes
 * back and advances 10 s per round, however fast the rounds come; with {@code --clock=wall} each push covers the 10 s
 * before it is sent, so rows land in the current minute and the rollup job finds each bucket due once, after its
 * grace, as with a live fleet. After a warm-up it
 * measures for {@code duration} and prints profiles/s, samples/s, push latency p50/p99 and, given
 * {@code --jdbc-url}, stored bytes per profile, dictionary sizes and the rollup backlog over the run (sampled every
 * {@code --backlog-every}). Given {@code --server-pid} (ingest-service's JVM on this machine) and
 * {@code --postgres-pid} (its PostgreSQL's postmaster, 0 when not here), it prints the server's CPU per stored
 * profile while measuring. It asserts nothing. {@code --token} sends an API token as {@code authorization: Bearer}
 * (a service with PYROMETER_AUTH=tokens).
 *
 * <pre>java -cp bench.jar dev.pyrometer.bench.ingest.IngestLoad --target=127.0.0.1:4100 --clients=8 \
 *     --duration=60s --warmup=15s --services=20 --pods=50 --jdbc-url=jdbc:postgresql://... \
 *     --server-pid=1234 --postgres-pid=1240 --clock-ticks=100</pre>
 */
public final class IngestLoad {
    private static final String MEASURED = "measure";
    private final IngestServiceGrpc.IngestServiceBlockingStub stub;
    private final FleetProfiles fleet;
    private final int services;
    private final int pods;
    /** The first round's time for the {@code rounds} clock; 0 for the {@code wall} clock. */
    private final long baseNanos;
    private final long[] roundOfPod;
    private final AtomicLong nextPod = new AtomicLong();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private IngestLoad(IngestServiceGrpc.IngestServiceBlockingStub stub, FleetProfiles fleet, int services, int pods, Instant base) {
        this.stub = stub;
        this.fleet = fleet;
        this.services = services;
        this.pods = pods;
        this.baseNanos = base == null ? 0 : base.getEpochSecond() * 1_000_000_000L;
        this.roundOfPod = new long[services * pods];
    }

    /** Counters of one phase. */
    private static final class Phase {
        final Latencies latencies = new Latencies();
        final AtomicLong profiles = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong seriesProfiles = new AtomicLong();
        /** pprof samples in the accepted uploads. */
        final AtomicLong samples = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        String[] target = args.string("target", "127.0.0.1:4100").split(":");
        int clients = args.integer("clients", 8);
        int services = args.integer("services", 20);
        int pods = args.integer("pods", 50);
        Duration warmup = args.duration("warmup", Duration.ofSeconds(15));
        Duration duration = args.duration("duration", Duration.ofSeconds(60));
        String jdbcUrl = args.string("jdbc-url", "");
        String tenant = args.string("tenant", "bench");
        String token = args.string("token", "");
        long serverPid = Long.parseLong(args.string("server-pid", "0"));
        long postgresPid = Long.parseLong(args.string("postgres-pid", "0"));
        ServerCpu cpu = serverPid > 0 ? new ServerCpu("ingest-service", serverPid, postgresPid, args.integer("clock-ticks", 100)) : null;
        Duration backlogEvery = args.duration("backlog-every", Duration.ofSeconds(5));
        String clock = args.string("clock", "wall");
        if (!clock.equals("rounds") && !clock.equals("wall")) {
            throw new IllegalArgumentException("--clock is rounds or wall, not " + clock);
        }

        System.out.printf("Building fleet profiles for %d services x %d pods from the Go captures...%n", services, pods);
        FleetProfiles fleet = new FleetProfiles(services, 4, 42);
        ManagedChannel channel = ManagedChannelBuilder.forAddress(target[0], Integer.parseInt(target[1])).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("x-scope-orgid", Metadata.ASCII_STRING_MARSHALLER), tenant);
        if (!token.isEmpty()) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        IngestServiceGrpc.IngestServiceBlockingStub stub = IngestServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
        IngestLoad load = new IngestLoad(stub, fleet, services, pods,
                clock.equals("rounds") ? Instant.now().minus(Duration.ofMinutes(30)) : null);

        StorageFigures before = jdbcUrl.isEmpty() ? null : StorageFigures.read(jdbcUrl);
        RollupBacklog backlog = jdbcUrl.isEmpty() ? null : new RollupBacklog(jdbcUrl, backlogEvery);
        Set<Long> benchBackends = backlog == null ? Set.of() : Set.of(backlog.backendPid());
        if (backlog != null) {
            backlog.phase("warm-up");
            backlog.start();
        }
        System.out.printf("Warm-up %ds with %d clients...%n", warmup.toSeconds(), clients);
        Phase warmupPhase = load.run(clients, warmup);
        StorageFigures afterWarmup = jdbcUrl.isEmpty() ? null : StorageFigures.read(jdbcUrl);
        if (backlog != null) {
            backlog.phase(MEASURED);
        }
        System.out.printf("Measuring %ds with %d clients...%n", duration.toSeconds(), clients);
        ServerCpu.Reading cpuStart = cpu == null ? null : cpu.read(benchBackends);
        Phase measured = load.run(clients, duration);
        ServerCpu.Reading cpuEnd = cpu == null ? null : cpu.read(benchBackends);
        if (backlog != null) {
            backlog.sampleNow();
            backlog.close();
        }
        channel.shutdown().awaitTermination(10, TimeUnit.SECONDS);

        double seconds = duration.toNanos() / 1e9;
        System.out.println();
        System.out.println("== ingest figures ==");
        System.out.printf("pushes: %d (%d profiles each), failed pushes: %d%n", measured.latencies.count(), FleetProfiles.KINDS.size(), measured.failures.get());
        System.out.printf("profiles/s (pprof uploads accepted): %.0f%n", measured.profiles.get() / seconds);
        System.out.printf("series profiles/s (rows, one per sample type): %.0f%n", measured.seriesProfiles.get() / seconds);
        System.out.printf("samples/s (pprof samples accepted): %.0f%n", measured.samples.get() / seconds);
        System.out.printf("duplicates: %d%n", measured.duplicates.get());
        System.out.printf("push latency p50: %.1f ms, p99: %.1f ms (%d profiles per push)%n",
                measured.latencies.percentileMillis(50), measured.latencies.percentileMillis(99), FleetProfiles.KINDS.size());
        if (before != null) {
            StorageFigures after = StorageFigures.read(jdbcUrl);
            long rows = after.rawRows() - before.rawRows();
            long bytes = after.rawBytes() - before.rawBytes();
            long uploads = warmupPhase.profiles.get() + measured.profiles.get();
            System.out.printf("raw tier: %d rows, %.1f MB incl. indexes -> %.0f bytes per row (series profile), %.0f bytes per pprof upload%n",
                    rows, bytes / 1e6, (double) bytes / rows, (double) bytes / uploads);
            for (Map.Entry<String, long[]> entry : after.dictionaries().entrySet()) {
                long[] warm = afterWarmup.dictionaries().get(entry.getKey());
                System.out.printf("%s: %d rows (%d new while measuring), %.1f MB%n", entry.getKey(), entry.getValue()[0],
                        entry.getValue()[0] - warm[0], entry.getValue()[1] / 1e6);
            }
        }
        if (cpu != null) {
            System.out.println();
            cpu.print(System.out, cpuStart, cpuEnd, measured.profiles.get(), seconds);
        }
        if (backlog != null) {
            System.out.println();
            backlog.print(System.out, MEASURED);
        }
    }

    private Phase run(int clients, Duration duration) throws InterruptedException {
        Phase phase = new Phase();
        Clients.loop(clients, duration, () -> pushOnce(phase));
        return phase;
    }

    private void pushOnce(Phase phase) {
        int pod = (int) (nextPod.getAndIncrement() % roundOfPod.length);
        long round;
        synchronized (roundOfPod) {
            round = roundOfPod[pod]++;
        }
        int service = pod % services;
        PushRequest.Builder request = PushRequest.newBuilder();
        int samples = 0;
        long time = baseNanos == 0 ? wallNanos() - 10_000_000_000L : baseNanos + round * 10_000_000_000L + (pod % 1000) * 1_000_000L;
        for (int kind = 0; kind < FleetProfiles.KINDS.size(); kind++) {
            String[] names = FleetProfiles.KINDS.get(kind);
            samples += fleet.samples(kind, round);
            request.addProfiles(RawProfile.newBuilder()
                    .setId(runId + "/" + pod + "/" + round + "/" + names[0])
                    .setProfileName(names[1])
                    .setStartTimeUnixNanos(time)
                    .setEndTimeUnixNanos(time + 10_000_000_000L)
                    .addLabels(label("service_name", String.format("svc%02d", service)))
                    .addLabels(label("pod", String.format("svc%02d-%d", service, pod / services)))
                    .addLabels(label("namespace", "prod"))
                    .addLabels(label("version", "v1." + (round / 360)))
                    .setPprof(ByteString.copyFrom(fleet.payload(service, kind, round, pod))));
        }
        long start = System.nanoTime();
        try {
            PushResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS).push(request.build());
            phase.latencies.record(System.nanoTime() - start);
            for (ProfileResult result : response.getResultsList()) {
                if (result.getOutcome() == Outcome.OUTCOME_ACCEPTED) {
                    phase.profiles.incrementAndGet();
                    phase.seriesProfiles.addAndGet(result.getSeriesProfiles());
                } else {
                    phase.duplicates.incrementAndGet();
                }
            }
            if (response.getResults(0).getOutcome() == Outcome.OUTCOME_ACCEPTED) {
                phase.samples.addAndGet(samples);
            }
        } catch (StatusRuntimeException e) {
            phase.failures.incrementAndGet();
            if (phase.failures.get() <= 5) {
                System.out.println("push failed: " + e.getStatus());
            }
        }
    }

    private static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static Label label(String name, String value) {
        return Label.newBuilder().setName(name).setValue(value).build();
    }
}

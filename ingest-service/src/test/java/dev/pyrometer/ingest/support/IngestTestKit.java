package dev.pyrometer.ingest.support;

import dev.pyrometer.ingest.grpc.TenantInterceptor;
import dev.pyrometer.storage.testing.Awaits;
import dev.pyrometer.storage.testing.Store;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.series.SeriesSplitter;
import dev.pyrometer.profile.series.UploadContext;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.SeriesLabelRules;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Label;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.protocol.pprof.PprofProto;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What the ingest-service tests share: pushes built from the real Go captures of profile-core's
 * test-jar, gRPC clients over loopback TCP, row counts of every table, and status assertions.
 */
public final class IngestTestKit {
    /** Every table of the storage schema. */
    public static final List<String> TABLES = Store.TABLES;
    /** The capture the tests use when any valid profile will do. */
    public static final String SMALL_CAPTURE = "cpu-1.pb.gz";

    private IngestTestKit() {
    }

    // ---- pushes --------------------------------------------------------------------------------

    /**
     * A snapshot time a few minutes before now, whole seconds: inside retention, not in the future,
     * exactly representable at the database's microsecond precision.
     */
    public static long recentNanos() {
        return nanos(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10)));
    }

    public static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Labels as name/value pairs, in the order given. */
    public static List<Label> labels(String... namesAndValues) {
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            labels.add(Label.newBuilder().setName(namesAndValues[i]).setValue(namesAndValues[i + 1]).build());
        }
        return labels;
    }

    /** The kind of a capture: "cpu" for "cpu-3.pb.gz". */
    public static String kind(String capture) {
        return capture.substring(0, capture.indexOf('-'));
    }

    /** A Go capture as an agent pushes it: gzipped as served, with an explicit start time. */
    public static RawProfile capture(String capture, String id, long startNanos, List<Label> labels, String profileName) {
        return RawProfile.newBuilder()
                .setId(id)
                .addAllLabels(labels)
                .setPprof(ByteString.copyFrom(Fixtures.bytes(capture)))
                .setStartTimeUnixNanos(startNanos)
                .setProfileName(profileName)
                .build();
    }

    /** A valid push of {@link #SMALL_CAPTURE} with service_name=seedapp and env={@code env}. */
    public static RawProfile validProfile(String id, String env) {
        return capture(SMALL_CAPTURE, id, recentNanos(), labels("service_name", Fixtures.SERVICE, "env", env), "");
    }

    /** A profile with {@code pprof} as its payload and otherwise valid fields. */
    public static RawProfile withPprof(String id, byte[] pprof) {
        return RawProfile.newBuilder()
                .setId(id)
                .addAllLabels(labels("service_name", Fixtures.SERVICE, "env", "bad-input"))
                .setPprof(ByteString.copyFrom(pprof))
                .setStartTimeUnixNanos(recentNanos())
                .build();
    }

    public static PushRequest push(RawProfile... profiles) {
        return PushRequest.newBuilder().addAllProfiles(List.of(profiles)).build();
    }

    public static PushRequest push(List<RawProfile> profiles) {
        return PushRequest.newBuilder().addAllProfiles(profiles).build();
    }

    /**
     * The series an upload of {@code capture} must split into, computed here from the profile-core
     * splitter with the same inputs the service gets (the service's own path is what is under test).
     */
    public static List<SeriesProfile> expectedSeries(String capture, LabelSet labels, String profileName, long startNanos) {
        try {
            return new SeriesSplitter(new SeriesLabelRules(ProfileLimits.defaults()))
                    .split(Fixtures.decode(capture), new UploadContext(labels, profileName.isEmpty() ? null : profileName, startNanos, 0, 0));
        } catch (InvalidProfileException e) {
            throw new AssertionError(capture + " does not split: " + e.getMessage(), e);
        }
    }

    /**
     * How many series profiles a pprof yields, read from the protobuf itself: one per sample type
     * and per distinct set of string sample labels.
     */
    public static int seriesCount(PprofProto.Profile pprof) {
        Set<Map<Long, Long>> labelSets = new HashSet<>();
        for (PprofProto.Sample sample : pprof.getSampleList()) {
            Map<Long, Long> strings = new LinkedHashMap<>();
            sample.getLabelList().stream().filter(label -> label.getStr() != 0)
                    .forEach(label -> strings.put(label.getKey(), label.getStr()));
            labelSets.add(strings);
        }
        return pprof.getSampleTypeCount() * Math.max(1, labelSets.size());
    }

    // ---- payloads --------------------------------------------------------------------------------

    public static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code megabytes} MB of zeros, gzipped while they are produced (never held inflated). */
    public static byte[] gzipBomb(int megabytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            for (int i = 0; i < megabytes; i++) {
                gzip.write(zeros);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ---- gRPC --------------------------------------------------------------------------------

    /** A plaintext channel over loopback TCP, as an agent on the same host would open. */
    public static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(64 << 20).build();
    }

    public static void close(ManagedChannel channel) throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
            channel.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** A blocking stub that sends {@code x-scope-orgid: tenant}; null sends no header. */
    public static IngestServiceGrpc.IngestServiceBlockingStub stub(ManagedChannel channel, String tenant) {
        IngestServiceGrpc.IngestServiceBlockingStub stub = IngestServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        return tenant == null ? stub : stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenantHeader(tenant)));
    }

    public static Metadata tenantHeader(String tenant) {
        Metadata headers = new Metadata();
        headers.put(TenantInterceptor.HEADER, tenant);
        return headers;
    }

    /** Runs a call that must fail with {@code code}; returns the description for further checks. */
    public static String failsWith(Status.Code code, Runnable call) {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(failure).as("the call must fail with %s", code).isNotNull();
        assertThat(failure.getStatus().getCode()).as("status of: %s", failure.getStatus()).isEqualTo(code);
        assertThat(failure.getStatus().getDescription()).isNotNull();
        return failure.getStatus().getDescription();
    }

    // ---- database --------------------------------------------------------------------------------

    /** The row count of every table, in {@link #TABLES} order. */
    public static Map<String, Long> rowCounts(DataSource dataSource) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, count(dataSource, "SELECT count(*) FROM " + table));
        }
        return counts;
    }

    public static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Waits (up to a minute, a safety net rather than an assertion on time) until {@code condition} holds. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Awaits.until(what, Duration.ofMinutes(1), condition);
    }
}

package dev.pyrometer.ingest;

import dev.pyrometer.ingest.support.RunningIngestService;
import dev.pyrometer.profile.testing.Fixtures;
import dev.pyrometer.protocol.ingest.v1.Label;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.protocol.pprof.PprofProto;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.pyrometer.ingest.support.IngestTestKit.SMALL_CAPTURE;
import static dev.pyrometer.ingest.support.IngestTestKit.capture;
import static dev.pyrometer.ingest.support.IngestTestKit.failsWith;
import static dev.pyrometer.ingest.support.IngestTestKit.gzip;
import static dev.pyrometer.ingest.support.IngestTestKit.gzipBomb;
import static dev.pyrometer.ingest.support.IngestTestKit.labels;
import static dev.pyrometer.ingest.support.IngestTestKit.nanos;
import static dev.pyrometer.ingest.support.IngestTestKit.push;
import static dev.pyrometer.ingest.support.IngestTestKit.recentNanos;
import static dev.pyrometer.ingest.support.IngestTestKit.rowCounts;
import static dev.pyrometer.ingest.support.IngestTestKit.stub;
import static dev.pyrometer.ingest.support.IngestTestKit.validProfile;
import static dev.pyrometer.ingest.support.IngestTestKit.withPprof;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Every kind of bad push the edge refuses: the exact status code, a description naming the problem
 * (and, for a bad profile, its index and id), one rejection counted under the right reason, and not
 * a single row written anywhere. Afterwards the service still takes valid pushes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest extends RunningIngestService {
    private static final String NOT_STORED = "nothing of this push was stored";

    @Autowired
    private MeterRegistry registry;

    /**
     * One refused push.
     *
     * @param tenant  the x-scope-orgid header, or null for none
     * @param mentions what the status description must contain
     * @param reason  the rejection metric's reason tag, or null when the push counts no rejection
     */
    record BadPush(String name, PushRequest request, String tenant, Status.Code code, List<String> mentions, String reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Metadata.Key<String> REJECTED_INDEX = Metadata.Key.of("pyrometer-rejected-index", Metadata.ASCII_STRING_MARSHALLER);

    static Stream<BadPush> badPushes() {
        PprofProto.Profile cpu = Fixtures.proto(SMALL_CAPTURE);
        byte[] served = Fixtures.bytes(SMALL_CAPTURE);
        PprofProto.Profile danglingLocation = cpu.toBuilder()
                .setSample(0, cpu.getSample(0).toBuilder().setLocationId(0, 999_999)).build();
        PprofProto.Profile danglingFunction = cpu.toBuilder()
                .setLocation(0, cpu.getLocation(0).toBuilder().setLine(0, cpu.getLocation(0).getLine(0).toBuilder().setFunctionId(999_999)))
                .build();
        int strings = cpu.getStringTableCount();
        PprofProto.Profile stringOutOfRange = cpu.toBuilder()
                .setFunction(0, cpu.getFunction(0).toBuilder().setName(strings + 7)).build();
        PprofProto.Profile negativeValue = cpu.toBuilder()
                .setSample(3, cpu.getSample(3).toBuilder().setValue(1, -5)).build();
        long oneYearAgo = nanos(Instant.now().minus(Duration.ofDays(365)));
        long tomorrow = nanos(Instant.now().plus(Duration.ofDays(1)));
        List<Label> service = labels("service_name", Fixtures.SERVICE, "env", "bad-input");

        List<Label> tooMany = new ArrayList<>(service);
        for (int i = 0; tooMany.size() <= 32; i++) {
            tooMany.addAll(labels("extra_" + i, "x"));
        }
        List<RawProfile> overLimit = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            overLimit.add(withPprof("bad-over-limit-" + i, new byte[] {1}));
        }

        return Stream.of(
                new BadPush("not gzip, not protobuf",
                        push(withPprof("bad-not-pprof", "this is plainly not a pprof profile".getBytes(StandardCharsets.UTF_8))),
                        null, Status.Code.INVALID_ARGUMENT, List.of("profile 0 (id \"bad-not-pprof\")", "not a pprof"), "not_pprof"),
                new BadPush("truncated gzip",
                        push(withPprof("bad-truncated", Arrays.copyOf(served, served.length / 2))),
                        null, Status.Code.INVALID_ARGUMENT, List.of("profile 0 (id \"bad-truncated\")", "gzip stream is truncated"), "truncated"),
                new BadPush("gzip bomb of 64 MB of zeros",
                        push(withPprof("bad-gzip-bomb", gzipBomb(64))),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-gzip-bomb\")", "decompressed pprof exceeds the limit of 33554432 bytes"),
                        "decompressed_too_large"),
                new BadPush("dangling location id",
                        push(withPprof("bad-location", gzip(danglingLocation.toByteArray()))),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-location\")", "sample 0 refers to location 999999, which does not exist"),
                        "dangling_reference"),
                new BadPush("dangling function id",
                        push(withPprof("bad-function", gzip(danglingFunction.toByteArray()))),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-function\")",
                                "location " + cpu.getLocation(0).getId() + " refers to function 999999, which does not exist"),
                        "dangling_reference"),
                new BadPush("string index out of range",
                        push(withPprof("bad-string", stringOutOfRange.toByteArray())),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-string\")", "function " + cpu.getFunction(0).getId() + " name has string index "
                                + (strings + 7) + ", outside the string table of " + strings + " entries"),
                        "string_index_out_of_range"),
                new BadPush("negative sample value",
                        push(withPprof("bad-negative", gzip(negativeValue.toByteArray()))),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-negative\")", "sample 3 has value -5 for sample type "
                                + cpu.getStringTable((int) cpu.getSampleType(1).getType()) + "/"
                                + cpu.getStringTable((int) cpu.getSampleType(1).getUnit()) + "; values must not be negative"),
                        "negative_value"),
                new BadPush("missing service_name",
                        push(capture(SMALL_CAPTURE, "bad-no-service", recentNanos(), labels("env", "bad-input"), "")),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-no-service\")", "label service_name is required"), "missing_service_name"),
                new BadPush("invalid label name",
                        push(capture(SMALL_CAPTURE, "bad-label-name", recentNanos(), labels("service_name", "seedapp", "bad-name", "x"), "")),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-label-name\")", "label name 'bad-name' must match"), "invalid_label"),
                new BadPush("label given twice",
                        push(capture(SMALL_CAPTURE, "bad-label-twice", recentNanos(), labels("service_name", "seedapp", "env", "a", "env", "b"), "")),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-label-twice\")", "label 'env' is given twice"), "invalid_label"),
                new BadPush("too many labels",
                        push(capture(SMALL_CAPTURE, "bad-many-labels", recentNanos(), tooMany, "")),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-many-labels\")", "series has 33 labels, more than the limit of 32"), "too_many_labels"),
                new BadPush("label value over the length limit",
                        push(capture(SMALL_CAPTURE, "bad-long-value", recentNanos(),
                                labels("service_name", Fixtures.SERVICE, "env", "v".repeat(1025)), "")),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-long-value\")", "value of label 'env' is 1025 chars, more than the limit of 1024"),
                        "label_too_long"),
                new BadPush("too many samples",
                        push(withPprof("bad-many-samples", gzip(samples(200_001).toByteArray()))),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-many-samples\")", "pprof has 200001 samples, more than the limit of 200000"),
                        "too_many_samples"),
                new BadPush("missing id",
                        push(capture(SMALL_CAPTURE, "", recentNanos(), service, "")),
                        null, Status.Code.INVALID_ARGUMENT, List.of("profile 0 (id \"\")", "id is required"), "missing_id"),
                new BadPush("time before retention",
                        push(capture(SMALL_CAPTURE, "bad-old", oneYearAgo, service, "")),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-old\")", "profile time " + Instant.ofEpochSecond(0, oneYearAgo) + " lies outside the accepted range"),
                        "time_out_of_range"),
                new BadPush("time in the future",
                        push(capture(SMALL_CAPTURE, "bad-future", tomorrow, service, "")),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-future\")", "profile time " + Instant.ofEpochSecond(0, tomorrow) + " lies outside the accepted range"),
                        "time_out_of_range"),
                new BadPush("no time in the push nor the pprof",
                        push(withPprof("bad-no-time", gzip(cpu.toBuilder().setTimeNanos(0).build().toByteArray()))
                                .toBuilder().clearStartTimeUnixNanos().build()),
                        null, Status.Code.INVALID_ARGUMENT,
                        List.of("profile 0 (id \"bad-no-time\")", "profile has no time: set start_time_unix_nanos or the pprof's time_nanos"),
                        "missing_time"),
                new BadPush("empty push", push(List.of()), null, Status.Code.INVALID_ARGUMENT, List.of("push carries no profiles"), null),
                new BadPush("more profiles than a push may carry", push(overLimit), null, Status.Code.INVALID_ARGUMENT,
                        List.of("push carries 1001 profiles, more than the limit of 1000"), "too_many_profiles"),
                new BadPush("tenant header with spaces", push(validProfile("bad-tenant", "bad-input")), "acme corp",
                        Status.Code.INVALID_ARGUMENT, List.of("tenant header x-scope-orgid must be 1 to 64 of [A-Za-z0-9_.-]"), null));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource("badPushes")
    void isRefusedWithNothingStored(BadPush bad) throws SQLException {
        Map<String, Long> before = rowCounts(database());
        double rejectedBefore = bad.reason() == null ? 0 : rejected(bad.reason());
        double rejectedTotalBefore = rejectedTotal();

        StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub(channel, bad.tenant()).push(bad.request()));
        String description = failsWith(bad.code(), () -> {
            throw refusal;
        });

        assertThat(description).contains(bad.mentions());
        if (bad.mentions().get(0).startsWith("profile ")) {
            assertThat(description).endsWith(NOT_STORED);
            // The refused profile's index, so that a client drops it alone.
            assertThat(refusal.getTrailers().get(REJECTED_INDEX)).isEqualTo(bad.mentions().get(0).substring(8, 9));
        } else {
            assertThat(refusal.getTrailers().get(REJECTED_INDEX)).isNull();
        }
        assertThat(rowCounts(database())).isEqualTo(before);
        int expectedRejections = bad.reason() == null ? 0 : bad.request().getProfilesCount();
        if (bad.reason() != null) {
            assertThat(rejected(bad.reason()) - rejectedBefore).isEqualTo(expectedRejections);
        }
        assertThat(rejectedTotal() - rejectedTotalBefore).isEqualTo(expectedRejections);
    }

    /** The batch rule: one bad profile refuses the whole push, the valid ones before it included. */
    @Order(2)
    @Test
    void aValidProfileBeforeABadOneIsNotStoredEither() throws SQLException {
        PprofProto.Profile cpu = Fixtures.proto(SMALL_CAPTURE);
        RawProfile valid = validProfile("bad-batch-valid-0", "bad-input-batch");
        RawProfile bad = withPprof("bad-batch-dangling-1",
                gzip(cpu.toBuilder().setSample(0, cpu.getSample(0).toBuilder().setLocationId(0, 999_999)).build().toByteArray()));
        Map<String, Long> before = rowCounts(database());
        double danglingBefore = rejected("dangling_reference");
        double batchBefore = rejected("batch_rejected");

        String description = failsWith(Status.Code.INVALID_ARGUMENT, () -> stub(channel, null).push(push(valid, bad)));

        assertThat(description).isEqualTo("profile 1 (id \"bad-batch-dangling-1\"): sample 0 refers to location 999999, "
                + "which does not exist; " + NOT_STORED);
        assertThat(rowCounts(database())).isEqualTo(before);
        assertThat(rejected("dangling_reference") - danglingBefore).isEqualTo(1);
        assertThat(rejected("batch_rejected") - batchBefore).isEqualTo(1);

        // Profile 0 really was not stored: pushed alone now, it is new rather than a duplicate.
        assertThat(stub(channel, null).push(push(valid)).getResultsList()).extracting(ProfileResult::getOutcome)
                .containsExactly(Outcome.OUTCOME_ACCEPTED);
        assertThat(rowCounts(database()).get("profile") - before.get("profile")).isEqualTo(2);
    }

    @Order(3)
    @Test
    void theServiceStillTakesValidPushesAfterAllOfThat() throws SQLException {
        Map<String, Long> before = rowCounts(database());

        List<ProfileResult> results = stub(channel, null).push(push(validProfile("bad-input-survivor", "bad-input-after"))).getResultsList();

        assertThat(results).extracting(ProfileResult::getId, ProfileResult::getOutcome)
                .containsExactly(tuple("bad-input-survivor", Outcome.OUTCOME_ACCEPTED));
        assertThat(rowCounts(database()).get("profile") - before.get("profile")).isEqualTo(2);
        assertThat(HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
                .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    private double rejected(String reason) {
        Counter counter = registry.find("pyrometer.ingest.profiles.rejected").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double rejectedTotal() {
        return registry.find("pyrometer.ingest.profiles.rejected").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** A minimal valid pprof with {@code count} samples on one stack. */
    private static PprofProto.Profile samples(int count) {
        PprofProto.Profile.Builder profile = PprofProto.Profile.newBuilder()
                .addAllStringTable(List.of("", "samples", "count", "main.busy", "main.go"))
                .addSampleType(PprofProto.ValueType.newBuilder().setType(1).setUnit(2))
                .addFunction(PprofProto.Function.newBuilder().setId(1).setName(3).setFilename(4))
                .addLocation(PprofProto.Location.newBuilder().setId(1).addLine(PprofProto.Line.newBuilder().setFunctionId(1).setLine(7)));
        PprofProto.Sample sample = PprofProto.Sample.newBuilder().addLocationId(1).addValue(1).build();
        for (int i = 0; i < count; i++) {
            profile.addSample(sample);
        }
        return profile.build();
    }
}

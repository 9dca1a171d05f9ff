package dev.pyrometer.ingest.grpc;

import dev.pyrometer.ingest.metrics.IngestMetrics;
import dev.pyrometer.ingest.pipeline.QueueFullException;
import dev.pyrometer.ingest.pipeline.UploadValidator;
import dev.pyrometer.ingest.pipeline.WriteQueue;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code pyrometer.ingest.v1.IngestService/Push} call. A push is validated whole before
 * anything is queued (the batch rule in ingest.proto): the first invalid profile fails the call
 * with INVALID_ARGUMENT, naming its index, id and problem, and carries the index in the
 * {@link #REJECTED_INDEX} trailer so that a client can drop that profile and resend the rest.
 */
public final class IngestEndpoint extends IngestServiceGrpc.IngestServiceImplBase {
    /** Trailer of an INVALID_ARGUMENT caused by one profile: its index in the push (see ingest.proto). */
    public static final Metadata.Key<String> REJECTED_INDEX = Metadata.Key.of("pyrometer-rejected-index", Metadata.ASCII_STRING_MARSHALLER);

    private final UploadValidator validator;
    private final WriteQueue queue;
    private final IngestMetrics metrics;
    private final int maxProfilesPerPush;
    private final Clock clock;

    public IngestEndpoint(UploadValidator validator, WriteQueue queue, IngestMetrics metrics, int maxProfilesPerPush, Clock clock) {
        this.validator = validator;
        this.queue = queue;
        this.metrics = metrics;
        this.maxProfilesPerPush = maxProfilesPerPush;
        this.clock = clock;
    }

    @Override
    public void push(PushRequest request, StreamObserver<PushResponse> response) {
        int count = request.getProfilesCount();
        long bytes = 0;
        for (RawProfile raw : request.getProfilesList()) {
            bytes += raw.getPprof().size();
        }
        metrics.received(count, bytes);
        if (count == 0) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("push carries no profiles").asRuntimeException());
            return;
        }
        if (count > maxProfilesPerPush) {
            metrics.rejectedAll("too_many_profiles", count);
            response.onError(Status.INVALID_ARGUMENT.withDescription("push carries " + count
                    + " profiles, more than the limit of " + maxProfilesPerPush).asRuntimeException());
            return;
        }
        String tenant = TenantInterceptor.TENANT.get();
        Instant received = clock.instant();
        List<Upload> uploads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RawProfile raw = request.getProfiles(i);
            try {
                uploads.add(validator.validate(tenant, raw, received));
            } catch (InvalidProfileException e) {
                metrics.rejected(e.problem(), count - 1);
                Metadata trailers = new Metadata();
                trailers.put(REJECTED_INDEX, Integer.toString(i));
                response.onError(Status.INVALID_ARGUMENT.withDescription("profile " + i + " (id \"" + raw.getId() + "\"): "
                        + e.getMessage() + "; nothing of this push was stored").asRuntimeException(trailers));
                return;
            }
        }
        try {
            queue.submit(uploads).whenComplete((outcomes, error) -> {
                if (error != null) {
                    metrics.rejectedAll("storage_error", count);
                    response.onError(Status.UNAVAILABLE.withDescription("storing the push failed, nothing of it was stored; retry: "
                            + error.getMessage()).asRuntimeException());
                } else {
                    respond(uploads, outcomes, response);
                }
            });
        } catch (QueueFullException e) {
            metrics.rejectedAll("queue_full", count);
            response.onError(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    private void respond(List<Upload> uploads, List<WriteOutcome> outcomes, StreamObserver<PushResponse> response) {
        PushResponse.Builder reply = PushResponse.newBuilder();
        int accepted = 0;
        long samples = 0;
        for (int i = 0; i < uploads.size(); i++) {
            Upload upload = uploads.get(i);
            boolean stored = outcomes.get(i) == WriteOutcome.STORED;
            if (stored) {
                accepted++;
                for (SeriesProfile series : upload.series()) {
                    samples += series.stackCount();
                }
            }
            reply.addResults(ProfileResult.newBuilder()
                    .setId(upload.id())
                    .setOutcome(stored ? Outcome.OUTCOME_ACCEPTED : Outcome.OUTCOME_DUPLICATE)
                    .setSeriesProfiles(upload.series().size()));
        }
        metrics.stored(accepted, uploads.size() - accepted, samples);
        response.onNext(reply.build());
        response.onCompleted();
    }
}

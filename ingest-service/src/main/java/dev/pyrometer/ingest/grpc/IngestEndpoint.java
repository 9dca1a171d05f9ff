package dev.pyrometer.ingest.grpc;

import dev.pyrometer.ingest.metrics.IngestMetrics;
import dev.pyrometer.ingest.pipeline.QueueFullException;
import dev.pyrometer.ingest.pipeline.RetainedBytes;
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
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@code pyrometer.ingest.v1.IngestService/Push} call. A push is validated whole before
 * anything is queued (the batch rule in ingest.proto): the first invalid profile fails the call
 * with INVALID_ARGUMENT, naming its index, id and problem, and carries the index in the
 * {@code pyrometer-rejected-index} trailer so that a client can drop that profile and resend the
 * rest. While the database does not answer, pushes are refused at once with UNAVAILABLE; a push
 * the write queue cannot take, or could not store before the call's deadline, is refused at once
 * with RESOURCE_EXHAUSTED. Both carry a retry hint. ACCEPTED is answered only after the commit.
 */
public final class IngestEndpoint extends IngestServiceGrpc.IngestServiceImplBase {
    private static final Duration STORAGE_RETRY_AFTER = Duration.ofSeconds(1);

    private final UploadValidator validator;
    private final WriteQueue queue;
    private final IngestMetrics metrics;
    private final int maxProfilesPerPush;
    private final BooleanSupplier storageUp;
    private final Clock clock;

    public IngestEndpoint(UploadValidator validator, WriteQueue queue, IngestMetrics metrics, int maxProfilesPerPush,
                          BooleanSupplier storageUp, Clock clock) {
        this.validator = validator;
        this.queue = queue;
        this.metrics = metrics;
        this.maxProfilesPerPush = maxProfilesPerPush;
        this.storageUp = storageUp;
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
            response.onError(Refusals.permanent("push carries no profiles"));
            return;
        }
        if (count > maxProfilesPerPush) {
            metrics.rejectedAll("too_many_profiles", count);
            response.onError(Refusals.permanent("push carries " + count + " profiles, more than the limit of " + maxProfilesPerPush));
            return;
        }
        if (!storageUp.getAsBoolean()) {
            metrics.rejectedAll("storage_unavailable", count);
            response.onError(Refusals.transientFailure(Status.UNAVAILABLE,
                    "the database is unavailable; nothing of this push was stored; retry", STORAGE_RETRY_AFTER));
            return;
        }
        List<Upload> uploads = validate(request, response);
        if (uploads == null) {
            return;
        }
        long retained = RetainedBytes.of(uploads);
        if (retained > queue.capacityBytes()) {
            metrics.rejectedAll("push_too_large", count);
            response.onError(Refusals.permanent("push decodes to about " + retained + " bytes, more than the write queue's "
                    + queue.capacityBytes() + "; send fewer profiles per push"));
            return;
        }
        Context context = Context.current();
        try {
            queue.submit(new WriteQueue.Push(uploads, retained, deadlineNanos(context.getDeadline()), context::isCancelled))
                    .whenComplete((outcomes, error) -> {
                        if (error == null) {
                            respond(uploads, outcomes, response);
                        } else {
                            failed(error, count, response);
                        }
                    });
        } catch (QueueFullException e) {
            metrics.rejectedAll("queue_full", count);
            response.onError(Refusals.transientFailure(Status.RESOURCE_EXHAUSTED, e.getMessage(), e.retryAfter()));
        }
    }

    /** The push's uploads, or null after answering the call with the first profile's refusal. */
    private List<Upload> validate(PushRequest request, StreamObserver<PushResponse> response) {
        String tenant = TenantInterceptor.TENANT.get();
        Instant received = clock.instant();
        int count = request.getProfilesCount();
        List<Upload> uploads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RawProfile raw = request.getProfiles(i);
            try {
                uploads.add(validator.validate(tenant, raw, received));
            } catch (InvalidProfileException e) {
                metrics.rejected(e.problem(), count - 1);
                response.onError(Refusals.permanent("profile " + i + " (id \"" + raw.getId() + "\"): " + e.getMessage()
                        + "; nothing of this push was stored", i));
                return null;
            }
        }
        return uploads;
    }

    private static long deadlineNanos(Deadline deadline) {
        if (deadline == null) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS);
    }

    private void failed(Throwable error, int count, StreamObserver<PushResponse> response) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WriteQueue.AbandonedException) {
            metrics.rejectedAll("abandoned", count);
            response.onError(Status.CANCELLED.withDescription(cause.getMessage()).asRuntimeException());
            return;
        }
        metrics.rejectedAll("storage_error", count);
        response.onError(Refusals.transientFailure(Status.UNAVAILABLE,
                "storing the push failed, nothing of it was stored; retry", STORAGE_RETRY_AFTER));
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

package dev.pyrometer.ingest.grpc;

import dev.pyrometer.ingest.limits.TenantIngestLimiter;
import dev.pyrometer.ingest.pipeline.PushPipeline;
import dev.pyrometer.ingest.pipeline.PushRefusal;
import dev.pyrometer.ingest.pipeline.StoredProfile;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The {@code pyrometer.ingest.v1.IngestService/Push} call over the {@link PushPipeline}. A refused
 * push maps to gRPC as ingest.proto defines: a permanent refusal is INVALID_ARGUMENT (with the
 * {@code pyrometer-rejected-index} trailer when one profile caused it, so a client can drop that
 * profile and resend the rest), an overload RESOURCE_EXHAUSTED and an unavailable database
 * UNAVAILABLE, both with a retry hint. ACCEPTED is answered only after the commit.
 */
public final class IngestEndpoint extends IngestServiceGrpc.IngestServiceImplBase {
    private final PushPipeline pipeline;
    private final TenantIngestLimiter limiter;

    /** {@code limiter} admits each push to its tenant's rate before any of its profiles is decoded. */
    public IngestEndpoint(PushPipeline pipeline, TenantIngestLimiter limiter) {
        this.pipeline = pipeline;
        this.limiter = limiter;
    }

    @Override
    public void push(PushRequest request, StreamObserver<PushResponse> response) {
        Context context = Context.current();
        String tenant = TenantInterceptor.TENANT.get();
        try {
            limiter.admit(tenant, request.getProfilesCount(), request.getSerializedSize());
            pipeline.push(tenant, request.getProfilesList(), deadlineNanos(context.getDeadline()),
                            context::isCancelled)
                    .whenComplete((stored, error) -> {
                        if (error == null) {
                            respond(stored, response);
                        } else {
                            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                            response.onError(cause instanceof PushRefusal refusal ? status(refusal)
                                    : Status.INTERNAL.withDescription(cause.toString()).asRuntimeException());
                        }
                    });
        } catch (PushRefusal refusal) {
            response.onError(status(refusal));
        }
    }

    private static StatusRuntimeException status(PushRefusal refusal) {
        return switch (refusal.kind()) {
            case INVALID, TOO_LARGE -> refusal.profileIndex() >= 0 ? Refusals.permanent(refusal.getMessage(), refusal.profileIndex())
                    : Refusals.permanent(refusal.getMessage());
            case OVERLOADED -> Refusals.transientFailure(Status.RESOURCE_EXHAUSTED, refusal.getMessage(), refusal.retryAfter());
            case UNAVAILABLE -> Refusals.transientFailure(Status.UNAVAILABLE, refusal.getMessage(), refusal.retryAfter());
            case ABANDONED -> Status.CANCELLED.withDescription(refusal.getMessage()).asRuntimeException();
        };
    }

    private static long deadlineNanos(Deadline deadline) {
        if (deadline == null) {
            return Long.MAX_VALUE;
        }
        return System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS);
    }

    private static void respond(List<StoredProfile> stored, StreamObserver<PushResponse> response) {
        PushResponse.Builder reply = PushResponse.newBuilder();
        for (StoredProfile profile : stored) {
            reply.addResults(ProfileResult.newBuilder()
                    .setId(profile.id())
                    .setOutcome(profile.accepted() ? Outcome.OUTCOME_ACCEPTED : Outcome.OUTCOME_DUPLICATE)
                    .setSeriesProfiles(profile.seriesProfiles()));
        }
        response.onNext(reply.build());
        response.onCompleted();
    }
}

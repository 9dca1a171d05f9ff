package dev.pyrometer.agent.push.impl;

import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A scriptable IngestService: each call takes the next scripted answer (OK when none is left). It
 * records every call's profile ids and headers, and stores ids like the real server: a known id is a
 * DUPLICATE. An answer may store the batch and still fail ("the response was lost").
 */
final class FakeIngest extends IngestServiceGrpc.IngestServiceImplBase {

    /**
     * What to answer one call: a status (OK or a failure) with its trailers, and whether to store the
     * batch anyway.
     */
    record Answer(Status status, Metadata trailers, boolean storeAnyway) {
        static Answer ok() {
            return new Answer(Status.OK, new Metadata(), false);
        }

        static Answer fail(Status status) {
            return new Answer(status, new Metadata(), false);
        }

        /** A transient refusal that asks the client to wait at least {@code millis} before retrying. */
        static Answer retryAfter(Status status, long millis) {
            Metadata trailers = new Metadata();
            trailers.put(Refusal.RETRY_AFTER_MS, Long.toString(millis));
            return new Answer(status, trailers, false);
        }

        static Answer lostResponse() {
            return new Answer(Status.UNAVAILABLE.withDescription("connection reset after commit"), new Metadata(), true);
        }
    }

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<List<String>> calls = new ArrayList<>();
    private final List<Metadata> headers = new ArrayList<>();
    private final Set<String> stored = new HashSet<>();
    private final List<String> storedInOrder = new ArrayList<>();
    private Function<RawProfile, Status> validator = raw -> Status.OK;
    private boolean namesRejectedIndex;

    synchronized void then(Answer... answers) {
        script.addAll(List.of(answers));
    }

    /**
     * Refuses a whole batch when any profile fails the check, as the real server does, naming the
     * first failing profile's index in the {@code pyrometer-rejected-index} trailer.
     */
    synchronized void validate(Function<RawProfile, Status> check) {
        validator = check;
        namesRejectedIndex = true;
    }

    /** Like {@link #validate}, but the refusal carries no trailer, so it cannot be told which profile failed. */
    synchronized void validateWithoutIndex(Function<RawProfile, Status> check) {
        validator = check;
        namesRejectedIndex = false;
    }

    synchronized List<List<String>> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Metadata> headers() {
        return List.copyOf(headers);
    }

    synchronized List<String> stored() {
        return List.copyOf(storedInOrder);
    }

    ServerInterceptor headerRecorder() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata metadata, ServerCallHandler<Q, R> next) {
                synchronized (FakeIngest.this) {
                    headers.add(metadata);
                }
                return next.startCall(call, metadata);
            }
        };
    }

    io.grpc.ServerServiceDefinition definition() {
        return ServerInterceptors.intercept(this, headerRecorder());
    }

    @Override
    public synchronized void push(PushRequest request, StreamObserver<PushResponse> response) {
        calls.add(request.getProfilesList().stream().map(RawProfile::getId).toList());
        Answer answer = script.isEmpty() ? Answer.ok() : script.poll();
        for (int i = 0; i < request.getProfilesCount(); i++) {
            Status check = validator.apply(request.getProfiles(i));
            if (!check.isOk()) {
                Metadata trailers = new Metadata();
                if (namesRejectedIndex) {
                    trailers.put(Refusal.REJECTED_INDEX, Integer.toString(i));
                }
                response.onError(check.withDescription("profile " + i + ": " + check.getDescription()).asRuntimeException(trailers));
                return;
            }
        }
        PushResponse.Builder reply = PushResponse.newBuilder();
        if (answer.status().isOk() || answer.storeAnyway()) {
            for (RawProfile raw : request.getProfilesList()) {
                boolean fresh = stored.add(raw.getId());
                if (fresh) {
                    storedInOrder.add(raw.getId());
                }
                reply.addResults(ProfileResult.newBuilder().setId(raw.getId()).setSeriesProfiles(1)
                        .setOutcome(fresh ? Outcome.OUTCOME_ACCEPTED : Outcome.OUTCOME_DUPLICATE));
            }
        }
        if (!answer.status().isOk()) {
            response.onError(answer.status().asRuntimeException(answer.trailers()));
            return;
        }
        response.onNext(reply.build());
        response.onCompleted();
    }

}

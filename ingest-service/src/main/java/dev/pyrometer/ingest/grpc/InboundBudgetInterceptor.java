package dev.pyrometer.ingest.grpc;

import com.google.protobuf.MessageLite;
import dev.pyrometer.ingest.inbound.InboundBudget;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;

/**
 * Admits a gRPC call to the {@link InboundBudget}: it reserves the largest message it may send when
 * its headers arrive, before any of its body is buffered; once its message is parsed the reservation
 * shrinks to the message's size, and it is returned once the handler has validated the push or the
 * call ends. A call that finds no room is refused at once with RESOURCE_EXHAUSTED and a retry hint.
 */
public final class InboundBudgetInterceptor implements ServerInterceptor {
    static final Duration RETRY_AFTER = Duration.ofMillis(250);

    private final InboundBudget budget;

    public InboundBudgetInterceptor(InboundBudget budget) {
        this.budget = budget;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        InboundBudget.Reservation reservation = budget.tryReserve(budget.maxMessageBytes());
        if (reservation == null) {
            StatusRuntimeException refusal = Refusals.transientFailure(Status.RESOURCE_EXHAUSTED, budget.fullMessage(), RETRY_AFTER);
            call.close(refusal.getStatus(), refusal.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        ServerCall.Listener<Q> listener;
        try {
            listener = next.startCall(call, headers);
        } catch (RuntimeException e) {
            reservation.releaseAll();
            throw e;
        }
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
            @Override
            public void onMessage(Q message) {
                if (message instanceof MessageLite parsed) {
                    reservation.shrinkTo(parsed.getSerializedSize());
                }
                super.onMessage(message);
            }

            /** A unary handler has validated the push by now; what it queued is the write queue's to count. */
            @Override
            public void onHalfClose() {
                try {
                    super.onHalfClose();
                } finally {
                    reservation.releaseAll();
                }
            }

            @Override
            public void onComplete() {
                reservation.releaseAll();
                super.onComplete();
            }

            @Override
            public void onCancel() {
                reservation.releaseAll();
                super.onCancel();
            }
        };
    }
}

package dev.pyrometer.ingest.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A global budget of bytes being received and decoded at once, across all concurrent pushes. A call
 * reserves the largest message it may send ({@code maxMessageBytes}) when its headers arrive, before
 * any of its body is buffered; once its message is parsed the reservation shrinks to the message's
 * size, and it is returned once the handler has validated the push (the decoded push then counts
 * against the write queue's own byte bound) or the call ends. A call that finds no room is refused at once with
 * RESOURCE_EXHAUSTED and a retry hint, so concurrent uploads wait at their clients instead of
 * growing this server's heap: what pushes hold here never exceeds {@code budgetBytes}.
 */
public final class InboundBudget implements ServerInterceptor {
    private static final Duration RETRY_AFTER = Duration.ofMillis(250);

    private final long budgetBytes;
    private final long maxMessageBytes;
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    public InboundBudget(long budgetBytes, long maxMessageBytes) {
        if (budgetBytes < maxMessageBytes) {
            throw new IllegalArgumentException("the inbound budget (" + budgetBytes + " bytes) must hold at least one message of the "
                    + "largest size (" + maxMessageBytes + " bytes)");
        }
        this.budgetBytes = budgetBytes;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Bytes reserved by calls in progress. */
    public long reserved() {
        return reserved.get();
    }

    /** The most bytes ever reserved at once; never above the budget. */
    public long peak() {
        return peak.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (!tryReserve(maxMessageBytes)) {
            StatusRuntimeException refusal = Refusals.transientFailure(Status.RESOURCE_EXHAUSTED, "the server is receiving "
                    + budgetBytes + " bytes of pushes at once, its limit; retry shortly", RETRY_AFTER);
            call.close(refusal.getStatus(), refusal.getTrailers());
            return new ServerCall.Listener<>() {
            };
        }
        Reservation reservation = new Reservation(maxMessageBytes);
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

    private boolean tryReserve(long bytes) {
        while (true) {
            long now = reserved.get();
            if (now + bytes > budgetBytes) {
                return false;
            }
            if (reserved.compareAndSet(now, now + bytes)) {
                peak.accumulateAndGet(now + bytes, Math::max);
                return true;
            }
        }
    }

    /** One call's share of the budget. */
    private final class Reservation {
        private final AtomicLong held;

        Reservation(long bytes) {
            this.held = new AtomicLong(bytes);
        }

        void shrinkTo(long bytes) {
            long before = held.get();
            if (bytes < before && held.compareAndSet(before, bytes)) {
                reserved.addAndGet(bytes - before);
            }
        }

        void releaseAll() {
            reserved.addAndGet(-held.getAndSet(0));
        }
    }
}

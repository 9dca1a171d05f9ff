package dev.pyrometer.ingest.inbound;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A global budget of bytes being received and decoded at once, across all concurrent pushes of
 * every edge (gRPC and HTTP). A request reserves what its body may take before any of the body is
 * read; it shrinks the reservation once the body's real size is known and releases it when it has
 * been validated (the decoded push then counts against the write queue's own byte bound) or when
 * it ends. A request that finds no room is refused at once, so concurrent uploads wait at their
 * clients instead of growing this server's heap: what requests hold here never exceeds
 * {@code budgetBytes}.
 */
public final class InboundBudget {
    private final long budgetBytes;
    private final long maxMessageBytes;
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    /**
     * @param budgetBytes     bytes all requests may hold at once
     * @param maxMessageBytes the largest body one request may send; the budget must hold one
     */
    public InboundBudget(long budgetBytes, long maxMessageBytes) {
        if (budgetBytes < maxMessageBytes) {
            throw new IllegalArgumentException("the inbound budget (" + budgetBytes + " bytes) must hold at least one message of the "
                    + "largest size (" + maxMessageBytes + " bytes)");
        }
        this.budgetBytes = budgetBytes;
        this.maxMessageBytes = maxMessageBytes;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    /** The largest body one request may send, bytes. */
    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** Bytes reserved by requests in progress. */
    public long reserved() {
        return reserved.get();
    }

    /** The most bytes ever reserved at once; never above the budget. */
    public long peak() {
        return peak.get();
    }

    /** Reserves {@code bytes}, or returns null when the budget has no room for them. */
    public Reservation tryReserve(long bytes) {
        while (true) {
            long now = reserved.get();
            if (now + bytes > budgetBytes) {
                return null;
            }
            if (reserved.compareAndSet(now, now + bytes)) {
                peak.accumulateAndGet(now + bytes, Math::max);
                return new Reservation(bytes);
            }
        }
    }

    /** The message a refusal for lack of room carries. */
    public String fullMessage() {
        return "the server is receiving " + budgetBytes + " bytes of pushes at once, its limit; retry shortly";
    }

    /** One request's share of the budget; releasing it twice is harmless. */
    public final class Reservation implements AutoCloseable {
        private final AtomicLong held;

        private Reservation(long bytes) {
            this.held = new AtomicLong(bytes);
        }

        /** Lowers the reservation to {@code bytes} (never raises it). */
        public void shrinkTo(long bytes) {
            long before = held.get();
            if (bytes < before && held.compareAndSet(before, bytes)) {
                reserved.addAndGet(bytes - before);
            }
        }

        public void releaseAll() {
            reserved.addAndGet(-held.getAndSet(0));
        }

        @Override
        public void close() {
            releaseAll();
        }
    }
}

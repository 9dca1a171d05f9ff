package dev.pyrometer.ingest.pipeline;

import dev.pyrometer.storage.write.ProfileWriter;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The bounded hand-off between the gRPC edge and the database. Admission is decided at once, never
 * by waiting: a push is refused when it would take the queue past {@code capacity} uploads or
 * {@code capacityBytes} of retained decoded data, or when the queue ahead of it would not drain
 * before the push's deadline (estimated from the writers' recent batch times); a push that finds the
 * queue empty is never refused for time. So memory stays bounded and
 * no accepted push waits past the moment its client gives up.
 *
 * <p>Writer threads take waiting pushes and write up to {@code batchSize} uploads in one
 * transaction, waiting at most {@code linger} to fill a batch; a push never splits across
 * transactions. A queue built to linger {@linkplain LingerPolicy#WHILE_ARRIVING only while pushes
 * arrive} stops waiting as soon as none is on its way ({@link #arrival()}): when every caller is
 * waiting for a batch being written, no push can come, and waiting would only delay them. A push whose caller is gone by the time a writer takes it is not written (it was
 * never acknowledged). If a transaction fails, every push in it fails and nothing of them is stored.
 */
public final class WriteQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteQueue.class);
    /** The assumed time of one batch before the first is written: modest, so a cold queue admits. */
    private static final long INITIAL_BATCH_NANOS = 50_000_000L;
    private static final Duration MIN_RETRY_AFTER = Duration.ofMillis(100);
    /** While lingering for arriving pushes, how often a writer checks that some still are. */
    private static final long ARRIVAL_CHECK_NANOS = 250_000L;

    private final ProfileWriter writer;
    private final int capacity;
    private final long capacityBytes;
    private final int batchSize;
    private final long lingerNanos;
    private final long maxWaitNanos;
    private final AtomicLong queuedUploads = new AtomicLong();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong peakBytes = new AtomicLong();
    private final DrainRate rate;
    private final LinkedBlockingDeque<Pending> waiting = new LinkedBlockingDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Consumer<BatchStats> onBatch;
    private final LingerPolicy lingerPolicy;
    private final AtomicInteger arriving = new AtomicInteger();

    /** When a writer holding a batch smaller than {@code batchSize} waits, up to {@code linger}, for more. */
    public enum LingerPolicy {
        /** For the whole linger. */
        ALWAYS,
        /** Only while some push is on its way ({@link #arrival()} open): being validated, about to be submitted. */
        WHILE_ARRIVING
    }

    /** What one written transaction held and cost. */
    public record BatchStats(int uploads, long nanos, boolean failed) {
    }

    /**
     * One push to store.
     *
     * @param uploads        its validated uploads
     * @param bytes          their estimated retained size ({@link RetainedBytes})
     * @param deadlineNanos  {@link System#nanoTime()} by which the caller needs the answer; {@link Long#MAX_VALUE} for none
     * @param abandoned      true once the caller no longer waits (cancelled, deadline passed)
     */
    public record Push(List<Upload> uploads, long bytes, long deadlineNanos, BooleanSupplier abandoned) {
    }

    /** Thrown to a push's future when its caller left before a writer took it; nothing of it was stored. */
    public static final class AbandonedException extends Exception {
        AbandonedException() {
            super("the caller gave up before the push was written; nothing of it was stored");
        }
    }

    private record Pending(Push push, CompletableFuture<List<WriteOutcome>> result) {
        int size() {
            return push.uploads().size();
        }
    }

    /** A queue whose writers linger {@link LingerPolicy#ALWAYS}. */
    public WriteQueue(ProfileWriter writer, int capacity, long capacityBytes, int batchSize, Duration linger, Duration maxWait,
                      int writers, Consumer<BatchStats> onBatch) {
        this(writer, capacity, capacityBytes, batchSize, linger, LingerPolicy.ALWAYS, maxWait, writers, onBatch);
    }

    public WriteQueue(ProfileWriter writer, int capacity, long capacityBytes, int batchSize, Duration linger, LingerPolicy lingerPolicy,
                      Duration maxWait, int writers, Consumer<BatchStats> onBatch) {
        this.writer = writer;
        this.lingerPolicy = lingerPolicy;
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.batchSize = batchSize;
        this.lingerNanos = linger.toNanos();
        this.maxWaitNanos = maxWait.toNanos();
        this.rate = new DrainRate(writers, batchSize, INITIAL_BATCH_NANOS);
        this.onBatch = onBatch;
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(this::drain, "profile-writer-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /**
     * Announces a push on its way to {@link #submit} (about to be validated); close it once the push is submitted or
     * refused. While any is open, a writer lingering {@link LingerPolicy#WHILE_ARRIVING} keeps waiting for it.
     */
    public Arrival arrival() {
        arriving.incrementAndGet();
        return new Arrival();
    }

    /** An announced push; closing it a second time does nothing. */
    public final class Arrival implements AutoCloseable {
        private boolean closed;

        private Arrival() {
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                arriving.decrementAndGet();
            }
        }
    }

    /** Queues one push; its future completes with one outcome per upload, or fails with the write error. */
    public CompletableFuture<List<WriteOutcome>> submit(Push push) throws QueueFullException {
        if (!open.get()) {
            throw new QueueFullException("ingest is shutting down; retry against another replica", Duration.ofSeconds(1));
        }
        int uploads = push.uploads().size();
        long now = System.nanoTime();
        long ahead = queuedUploads.get();
        long drainNanos = rate.nanosToDrain(ahead + uploads);
        long patience = push.deadlineNanos() == Long.MAX_VALUE ? maxWaitNanos : Math.min(maxWaitNanos, push.deadlineNanos() - now);
        // An empty queue always admits: the push is written next, however long it takes, and waiting cannot help.
        if (ahead > 0 && drainNanos > patience) {
            throw new QueueFullException("the write queue would not reach this push before its deadline (" + ahead
                    + " profiles ahead, about " + TimeUnit.NANOSECONDS.toMillis(drainNanos) + " ms); retry later",
                    retryAfter(drainNanos));
        }
        if (queuedUploads.addAndGet(uploads) > capacity) {
            queuedUploads.addAndGet(-uploads);
            throw new QueueFullException("write queue is full (" + ahead + " of " + capacity + " profiles waiting); retry with backoff",
                    retryAfter(drainNanos));
        }
        long bytes = queuedBytes.addAndGet(push.bytes());
        if (bytes > capacityBytes) {
            queuedUploads.addAndGet(-uploads);
            queuedBytes.addAndGet(-push.bytes());
            throw new QueueFullException("write queue is full (" + (bytes - push.bytes()) + " of " + capacityBytes
                    + " bytes waiting); retry with backoff", retryAfter(drainNanos));
        }
        peakBytes.accumulateAndGet(bytes, Math::max);
        CompletableFuture<List<WriteOutcome>> result = new CompletableFuture<>();
        waiting.add(new Pending(push, result));
        return result;
    }

    private static Duration retryAfter(long drainNanos) {
        Duration drain = Duration.ofNanos(drainNanos);
        return drain.compareTo(MIN_RETRY_AFTER) < 0 ? MIN_RETRY_AFTER : drain;
    }

    /** The byte bound; a push estimated larger than this can never be queued (a permanent refusal). */
    public long capacityBytes() {
        return capacityBytes;
    }

    /** Uploads waiting for a writer or being written. */
    public int depth() {
        return (int) queuedUploads.get();
    }

    /** Estimated retained bytes of the uploads waiting or being written. */
    public long bytes() {
        return queuedBytes.get();
    }

    /** The most {@link #bytes()} ever held; never above {@link #capacityBytes()}. */
    public long peakBytes() {
        return peakBytes.get();
    }

    private void drain() {
        while (open.get() || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    writeBatch(collect(first));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<Pending> collect(Pending first) throws InterruptedException {
        List<Pending> batch = new ArrayList<>();
        int uploads = admit(first, batch, 0);
        long deadline = System.nanoTime() + lingerNanos;
        boolean whileArriving = lingerPolicy == LingerPolicy.WHILE_ARRIVING;
        while (uploads < batchSize) {
            Pending next = waiting.poll();
            if (next == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (whileArriving && arriving.get() == 0)) {
                    break;
                }
                next = waiting.poll(whileArriving ? Math.min(left, ARRIVAL_CHECK_NANOS) : left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    continue;
                }
            }
            if (uploads + next.size() > batchSize) {
                // It heads the next batch; checked after taking it, since a push may arrive during the wait.
                waiting.offerFirst(next);
                break;
            }
            uploads = admit(next, batch, uploads);
        }
        return batch;
    }

    /** Adds {@code pending} to the batch unless its caller left; returns the batch's upload count. */
    private int admit(Pending pending, List<Pending> batch, int uploads) {
        if (pending.push().abandoned().getAsBoolean()) {
            release(pending);
            pending.result().completeExceptionally(new AbandonedException());
            return uploads;
        }
        batch.add(pending);
        return uploads + pending.size();
    }

    private void writeBatch(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Upload> uploads = new ArrayList<>();
        batch.forEach(pending -> uploads.addAll(pending.push().uploads()));
        long start = System.nanoTime();
        try {
            List<WriteOutcome> outcomes = writer.write(uploads);
            long nanos = System.nanoTime() - start;
            rate.record(nanos);
            onBatch.accept(new BatchStats(uploads.size(), nanos, false));
            int at = 0;
            for (Pending pending : batch) {
                int n = pending.size();
                release(pending);
                pending.result().complete(outcomes.subList(at, at + n));
                at += n;
            }
        } catch (Exception e) {
            log.warn("Writing a batch of {} profiles failed; the pushes are refused and nothing of them is stored: {}",
                    uploads.size(), e.toString());
            onBatch.accept(new BatchStats(uploads.size(), System.nanoTime() - start, true));
            batch.forEach(pending -> {
                release(pending);
                pending.result().completeExceptionally(e);
            });
        }
    }

    private void release(Pending pending) {
        queuedUploads.addAndGet(-pending.size());
        queuedBytes.addAndGet(-pending.push().bytes());
    }

    /** Stops taking pushes, writes what is waiting, and stops the writers. */
    @Override
    public void close() throws InterruptedException {
        open.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}

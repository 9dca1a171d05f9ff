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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The bounded hand-off between the gRPC edge and the database. At most {@code capacity} uploads
 * wait; a push that does not fit is refused at once, so memory stays bounded. Writer threads take
 * waiting pushes and write up to {@code batchSize} uploads in one transaction, waiting at most
 * {@code linger} to fill a batch; a push never splits across transactions. If a transaction fails,
 * every push in it fails and nothing of them is stored.
 */
public final class WriteQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteQueue.class);

    private final ProfileWriter writer;
    private final int capacity;
    private final int batchSize;
    private final long lingerNanos;
    private final Semaphore room;
    private final LinkedBlockingDeque<Pending> waiting = new LinkedBlockingDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Consumer<BatchStats> onBatch;

    /** What one written transaction held and cost. */
    public record BatchStats(int uploads, long nanos, boolean failed) {
    }

    private record Pending(List<Upload> uploads, CompletableFuture<List<WriteOutcome>> result) {
    }

    public WriteQueue(ProfileWriter writer, int capacity, int batchSize, Duration linger, int writers, Consumer<BatchStats> onBatch) {
        this.writer = writer;
        this.capacity = capacity;
        this.batchSize = batchSize;
        this.lingerNanos = linger.toNanos();
        this.room = new Semaphore(capacity);
        this.onBatch = onBatch;
        for (int i = 0; i < writers; i++) {
            Thread thread = new Thread(this::drain, "profile-writer-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /** Queues one push; its future completes with one outcome per upload, or fails with the write error. */
    public CompletableFuture<List<WriteOutcome>> submit(List<Upload> uploads) throws QueueFullException {
        if (!open.get()) {
            throw new QueueFullException("ingest is shutting down");
        }
        if (!room.tryAcquire(uploads.size())) {
            throw new QueueFullException("write queue is full (" + depth() + " of " + capacity + " profiles waiting); retry with backoff");
        }
        CompletableFuture<List<WriteOutcome>> result = new CompletableFuture<>();
        waiting.add(new Pending(uploads, result));
        return result;
    }

    /** Uploads waiting for a writer. */
    public int depth() {
        return capacity - room.availablePermits();
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
        batch.add(first);
        int uploads = first.uploads().size();
        long deadline = System.nanoTime() + lingerNanos;
        while (uploads < batchSize) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : waiting.poll();
            if (next == null) {
                break;
            }
            if (uploads + next.uploads().size() > batchSize) {
                // It heads the next batch; checked after taking it, since a push may arrive during the wait.
                waiting.offerFirst(next);
                break;
            }
            batch.add(next);
            uploads += next.uploads().size();
        }
        return batch;
    }

    private void writeBatch(List<Pending> batch) {
        List<Upload> uploads = new ArrayList<>();
        batch.forEach(pending -> uploads.addAll(pending.uploads()));
        long start = System.nanoTime();
        try {
            List<WriteOutcome> outcomes = writer.write(uploads);
            onBatch.accept(new BatchStats(uploads.size(), System.nanoTime() - start, false));
            int at = 0;
            for (Pending pending : batch) {
                int n = pending.uploads().size();
                pending.result().complete(outcomes.subList(at, at + n));
                at += n;
            }
        } catch (Exception e) {
            log.warn("Writing a batch of {} profiles failed; the pushes are refused and nothing of them is stored", uploads.size(), e);
            onBatch.accept(new BatchStats(uploads.size(), System.nanoTime() - start, true));
            batch.forEach(pending -> pending.result().completeExceptionally(e));
        } finally {
            room.release(uploads.size());
        }
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

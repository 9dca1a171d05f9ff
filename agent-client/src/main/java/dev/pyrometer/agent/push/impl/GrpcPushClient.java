package dev.pyrometer.agent.push.impl;

import com.google.protobuf.ByteString;
import dev.pyrometer.agent.config.PushConfig;
import dev.pyrometer.agent.log.AgentLog;
import dev.pyrometer.agent.push.api.DropReason;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.push.api.PushClient;
import dev.pyrometer.agent.push.api.PushObserver;
import dev.pyrometer.agent.push.api.PushStats;
import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Label;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushRequest;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push client over gRPC. One sender thread takes batches from a {@link DropOldestQueue} and
 * calls {@code IngestService/Push} with a deadline:
 * <ul>
 *   <li>OK: each profile is delivered (ACCEPTED or DUPLICATE, as the server says);</li>
 *   <li>a retryable status ({@link RetryPolicy}): the batch goes back to the head of the queue and is
 *       sent again, same ids, after a {@link Backoff} delay, and never sooner than the server's
 *       {@code pyrometer-retry-after-ms} trailer asks; a profile that has been in
 *       {@code push.max-attempts} failed calls is dropped; RESOURCE_EXHAUSTED also halves the batch
 *       size until calls succeed again;</li>
 *   <li>INVALID_ARGUMENT naming one profile in its {@code pyrometer-rejected-index} trailer: that
 *       profile is dropped as {@link DropReason#REJECTED}, and the rest of the batch (of which the
 *       server stored nothing) goes back to the head of the queue to be sent at once; this counts
 *       as no failed attempt for them;</li>
 *   <li>UNAUTHENTICATED or PERMISSION_DENIED: the agent's token or tenant is refused; the batch is dropped as
 *       rejected and counted, with one warning a minute at most while it lasts;</li>
 *   <li>any other status: permanent; every profile of the batch is dropped as rejected, never retried.</li>
 * </ul>
 * Nothing here throws to callers; failures are logged, at most one line a minute while they last.
 */
public final class GrpcPushClient implements PushClient {
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final long FAILURE_LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final PushConfig config;
    private final ManagedChannel channel;
    private final Runnable releaseChannel;
    private final PushObserver observer;
    private final IngestServiceGrpc.IngestServiceBlockingStub stub;
    private final DropOldestQueue queue;
    private final Backoff backoff;
    private final RetryWait retryWait;
    private final Thread sender;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object idle = new Object();

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong droppedQueueFull = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong retriesExhausted = new AtomicLong();
    private final AtomicLong droppedAtShutdown = new AtomicLong();
    /** Profiles dropped because the server refused the credentials; warned about at most every FAILURE_LOG_EVERY_NANOS. */
    private final AtomicLong credentialRefusals = new AtomicLong();
    private long lastCredentialWarning;
    private final AtomicLong retries = new AtomicLong();

    private volatile boolean closed;
    private volatile long flushDeadlineNanos;
    /** Profiles submitted that are neither delivered nor dropped yet. */
    private final AtomicLong outstanding = new AtomicLong();
    private int batchLimit;
    private long failingSinceNanos;
    private long lastFailureLogNanos;
    private long failedCalls;

    /** A client with its own channel to {@code config.server()}. */
    public static GrpcPushClient open(PushConfig config, PushObserver observer) {
        Channels.OwnedChannel owned = Channels.open(config);
        return new GrpcPushClient(config, owned.channel(), owned::shutdown, observer);
    }

    /**
     * A client over a given channel (tests use an in-process one); {@code releaseChannel} runs on close.
     * Tenant and token headers are the channel's business here.
     */
    public GrpcPushClient(PushConfig config, ManagedChannel channel, Runnable releaseChannel, PushObserver observer) {
        this(config, channel, releaseChannel, observer, null);
    }

    /** @param retryWait waits out the delay before a retry; null waits as {@link #pause} does (cut short by close, bounded by the shutdown flush) */
    GrpcPushClient(PushConfig config, ManagedChannel channel, Runnable releaseChannel, PushObserver observer, RetryWait retryWait) {
        this.retryWait = retryWait != null ? retryWait : this::pause;
        this.config = config;
        this.channel = channel;
        this.releaseChannel = releaseChannel;
        this.observer = observer;
        this.stub = IngestServiceGrpc.newBlockingStub(channel);
        this.queue = new DropOldestQueue(config.queueProfiles(), config.queueBytes());
        this.backoff = new Backoff(config.backoffInitial(), config.backoffMax());
        this.batchLimit = config.batchProfiles();
        this.sender = AgentThreads.factory("push").newThread(this::run);
        this.sender.start();
    }

    @Override
    public void submit(OutgoingProfile profile) {
        try {
            submitted.incrementAndGet();
            Pending pending = new Pending(profile);
            if (closed) {
                droppedAtShutdown.incrementAndGet();
                notify(() -> observer.dropped(profile, DropReason.SHUTDOWN, "submitted after the push client was closed"));
                return;
            }
            outstanding.incrementAndGet();
            notify(() -> observer.queued(profile));
            for (Pending victim : queue.offer(pending)) {
                drop(victim, DropReason.QUEUE_FULL, "queue full (push.queue-profiles=" + config.queueProfiles()
                        + ", push.queue-bytes=" + config.queueBytes() + ")");
            }
        } catch (Throwable t) {
            AgentLog.warn("push client: could not queue " + profile, t);
        }
    }

    @Override
    public PushStats stats() {
        return new PushStats(submitted.get(), accepted.get(), duplicates.get(), droppedQueueFull.get(), rejected.get(),
                retriesExhausted.get(), droppedAtShutdown.get(), retries.get(), (int) outstanding.get(), queue.bytes());
    }

    @Override
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            synchronized (idle) {
                while (outstanding.get() > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    idle.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50)));
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        flushDeadlineNanos = System.nanoTime() + config.shutdownTimeout().toNanos();
        closing.countDown();
        queue.wake();
        try {
            sender.join(config.shutdownTimeout().plus(config.timeout()).toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = queue.drainAll();
        for (Pending pending : left) {
            drop(pending, DropReason.SHUTDOWN, "still queued when the shutdown flush (push.shutdown-timeout="
                    + config.shutdownTimeout().toMillis() + "ms) ended");
        }
        if (!left.isEmpty()) {
            AgentLog.warn("push client: dropped " + left.size() + " profiles that could not be sent before shutdown");
        }
        try {
            releaseChannel.run();
        } catch (RuntimeException e) {
            AgentLog.debug("push client: closing the channel failed: " + e);
        }
        PushStats stats = stats();
        AgentLog.info("push client closed: " + stats.accepted() + " accepted, " + stats.duplicates() + " duplicates, "
                + stats.dropped() + " dropped, " + stats.retries() + " retries");
    }

    private void run() {
        while (true) {
            try {
                if (closed && (queue.size() == 0 || System.nanoTime() >= flushDeadlineNanos)) {
                    return;
                }
                List<Pending> batch = queue.take(batchLimit, config.batchBytes(), IDLE_POLL, closed ? Duration.ZERO : config.linger());
                if (batch.isEmpty()) {
                    continue;
                }
                send(batch);
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                AgentLog.warn("push client: unexpected error in the sender, continuing", t);
            }
        }
    }

    private void send(List<Pending> batch) throws InterruptedException {
        PushRequest.Builder request = PushRequest.newBuilder();
        for (Pending pending : batch) {
            request.addProfiles(raw(pending.profile));
            pending.sent = true;
        }
        PushResponse response;
        try {
            response = stub.withDeadlineAfter(config.timeout().toMillis(), TimeUnit.MILLISECONDS).push(request.build());
        } catch (StatusRuntimeException e) {
            failed(batch, Refusal.of(e.getStatus(), e.getTrailers(), batch.size()));
            return;
        } catch (RuntimeException e) {
            failed(batch, Refusal.of(Status.fromThrowable(e), Status.trailersFromThrowable(e), batch.size()));
            return;
        }
        succeeded(batch, response);
    }

    private void succeeded(List<Pending> batch, PushResponse response) {
        backoff.reset();
        batchLimit = Math.min(config.batchProfiles(), batchLimit * 2);
        if (failingSinceNanos != 0) {
            AgentLog.info("push client: server reachable again after " + failedCalls + " failed calls; "
                    + (queue.size() + batch.size()) + " profiles were waiting");
            failingSinceNanos = 0;
            failedCalls = 0;
        }
        for (int i = 0; i < batch.size(); i++) {
            OutgoingProfile profile = batch.get(i).profile;
            ProfileResult result = i < response.getResultsCount() ? response.getResults(i) : null;
            boolean duplicate = result != null && result.getOutcome() == Outcome.OUTCOME_DUPLICATE;
            int series = result == null ? 0 : result.getSeriesProfiles();
            (duplicate ? duplicates : accepted).incrementAndGet();
            notify(() -> observer.delivered(profile, duplicate, series));
            finished();
        }
    }

    private void failed(List<Pending> batch, Refusal refusal) throws InterruptedException {
        if (refusal instanceof Refusal.OneProfile one) {
            Pending refused = batch.get(one.index());
            AgentLog.warn("push client: server refused " + refused.profile + ", dropping it: " + one.message());
            drop(refused, DropReason.REJECTED, one.message());
            List<Pending> rest = new ArrayList<>(batch);
            rest.remove(one.index());
            if (!rest.isEmpty()) {
                requeue(rest);
            }
            return;
        }
        if (refusal instanceof Refusal.Credentials credentials) {
            batch.forEach(pending -> drop(pending, DropReason.REJECTED, credentials.message()));
            long refusedSoFar = credentialRefusals.addAndGet(batch.size());
            long now = System.nanoTime();
            if (lastCredentialWarning == 0 || now - lastCredentialWarning >= FAILURE_LOG_EVERY_NANOS) {
                lastCredentialWarning = now;
                AgentLog.warn("push client: the server refuses this agent's credentials (" + credentials.message() + "); dropped "
                        + refusedSoFar + " profiles so far. Check the token / token-file (PYROMETER_TOKEN, PYROMETER_TOKEN_FILE) and "
                        + "tenant settings; logged at most once a minute");
            }
            return;
        }
        if (refusal instanceof Refusal.WholeBatch whole) {
            AgentLog.warn("push client: server refused " + (batch.size() == 1 ? batch.get(0).profile.toString()
                    : "a batch of " + batch.size() + " profiles") + ", dropping " + (batch.size() == 1 ? "it" : "them all")
                    + ": " + whole.message());
            batch.forEach(pending -> drop(pending, DropReason.REJECTED, whole.message()));
            return;
        }
        Refusal.Transient failure = (Refusal.Transient) refusal;
        String what = failure.message();
        noteFailure(batch, what);
        List<Pending> again = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            pending.attempts++;
            if (config.maxAttempts() > 0 && pending.attempts >= config.maxAttempts()) {
                drop(pending, DropReason.RETRIES_EXHAUSTED, what + " (" + pending.attempts + " attempts)");
            } else {
                again.add(pending);
            }
        }
        if (again.size() < batch.size()) {
            AgentLog.warn("push client: dropped " + (batch.size() - again.size()) + " profiles after " + config.maxAttempts()
                    + " failed attempts each: " + what);
        }
        if (again.isEmpty()) {
            return;
        }
        if (failure.code() == Status.Code.RESOURCE_EXHAUSTED && batch.size() > 1) {
            batchLimit = Math.max(1, batch.size() / 2);
        }
        retries.incrementAndGet();
        requeue(again);
        Duration delay = backoff.next();
        retryWait.await(delay.compareTo(failure.retryAfter()) >= 0 ? delay : failure.retryAfter());
        channel.resetConnectBackoff();
    }

    /** Waits out the delay before a batch is sent again. */
    @FunctionalInterface
    interface RetryWait {
        void await(Duration delay) throws InterruptedException;
    }

    private void requeue(List<Pending> batch) {
        for (Pending victim : queue.returnToHead(batch)) {
            drop(victim, DropReason.QUEUE_FULL, "queue full while retrying");
        }
    }

    /** Sleeps for a backoff delay; a close cuts it short, and during the flush it never passes the deadline. */
    private void pause(Duration delay) throws InterruptedException {
        if (!closed) {
            closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        long left = flushDeadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, delay.toNanos()));
        }
    }

    private void noteFailure(List<Pending> batch, String what) {
        long now = System.nanoTime();
        failedCalls++;
        if (failingSinceNanos == 0) {
            failingSinceNanos = now;
            lastFailureLogNanos = now;
            AgentLog.warn("push client: cannot push to " + config.server() + " (" + what + "); keeping up to "
                    + config.queueProfiles() + " profiles / " + config.queueBytes() + " bytes queued and retrying");
        } else if (now - lastFailureLogNanos >= FAILURE_LOG_EVERY_NANOS) {
            lastFailureLogNanos = now;
            AgentLog.warn("push client: still cannot push to " + config.server() + " after "
                    + TimeUnit.NANOSECONDS.toSeconds(now - failingSinceNanos) + " s (" + what + "); "
                    + (queue.size() + batch.size()) + " queued, " + droppedQueueFull.get() + " dropped so far");
        }
    }

    private void drop(Pending pending, DropReason reason, String detail) {
        switch (reason) {
            case QUEUE_FULL -> droppedQueueFull.incrementAndGet();
            case REJECTED -> rejected.incrementAndGet();
            case RETRIES_EXHAUSTED -> retriesExhausted.incrementAndGet();
            case SHUTDOWN -> droppedAtShutdown.incrementAndGet();
        }
        if (reason == DropReason.QUEUE_FULL) {
            long count = droppedQueueFull.get();
            if (count == 1 || Long.bitCount(count) == 1) {
                AgentLog.warn("push client: queue full, dropped the oldest profile (" + count + " dropped so far)");
            }
        }
        notify(() -> observer.dropped(pending.profile, reason, detail));
        finished();
    }

    private void finished() {
        outstanding.decrementAndGet();
        synchronized (idle) {
            idle.notifyAll();
        }
    }

    private static void notify(Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            AgentLog.warn("push observer failed", t);
        }
    }

    private static RawProfile raw(OutgoingProfile profile) {
        RawProfile.Builder raw = RawProfile.newBuilder()
                .setId(profile.id())
                .setPprof(ByteString.copyFrom(profile.pprof()))
                .setProfileName(profile.profileName())
                .setStartTimeUnixNanos(profile.startNanos())
                .setEndTimeUnixNanos(profile.endNanos());
        profile.labels().forEach((name, value) -> raw.addLabels(Label.newBuilder().setName(name).setValue(value)));
        return raw.build();
    }
}

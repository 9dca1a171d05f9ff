package dev.pyrometer.ingest.support;

import dev.pyrometer.protocol.ingest.v1.IngestServiceGrpc;
import dev.pyrometer.protocol.ingest.v1.Outcome;
import dev.pyrometer.protocol.ingest.v1.ProfileResult;
import dev.pyrometer.protocol.ingest.v1.PushResponse;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Pushes distinct profiles from several threads, one profile per push, each with a fresh id, through
 * whatever channel {@link #target} holds, and records what the server answered: the ids it
 * acknowledged (with the series count it reported) and the ids whose push failed, by status code.
 * A failed push is not retried here: the test decides what to do with it.
 */
public final class PushLoad implements AutoCloseable {
    private final AtomicReference<ManagedChannel> target;
    private final Function<String, RawProfile> profileForId;
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger nextId = new AtomicInteger();
    private final Map<String, Integer> accepted = new ConcurrentHashMap<>();
    private final Map<String, Status.Code> failed = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    public PushLoad(AtomicReference<ManagedChannel> target, String prefix, Function<String, RawProfile> profileForId, int threadCount) {
        this.target = target;
        this.prefix = prefix;
        this.profileForId = profileForId;
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::run, "push-load-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    private void run() {
        while (running.get()) {
            String id = prefix + "-" + nextId.getAndIncrement();
            try {
                PushResponse response = IngestServiceGrpc.newBlockingStub(target.get())
                        .withDeadlineAfter(10, TimeUnit.SECONDS)
                        .push(IngestTestKit.push(profileForId.apply(id)));
                ProfileResult result = response.getResults(0);
                if (result.getOutcome() != Outcome.OUTCOME_ACCEPTED) {
                    throw new AssertionError("a first push of " + id + " answered " + result.getOutcome());
                }
                accepted.put(id, result.getSeriesProfiles());
            } catch (StatusRuntimeException e) {
                failed.put(id, e.getStatus().getCode());
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ids answered ACCEPTED, with the number of series rows the server said it stored. */
    public Map<String, Integer> accepted() {
        return accepted;
    }

    /** Ids whose push failed, with the status code. */
    public Map<String, Status.Code> failed() {
        return failed;
    }

    /** Stops the threads after their pushes in flight have answered. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread thread : threads) {
            thread.join(TimeUnit.MINUTES.toMillis(1));
        }
    }
}

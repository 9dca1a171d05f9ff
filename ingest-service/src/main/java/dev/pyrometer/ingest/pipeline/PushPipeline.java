package dev.pyrometer.ingest.pipeline;

import dev.pyrometer.ingest.metrics.IngestMetrics;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.protocol.ingest.v1.RawProfile;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * One push, whatever edge it came by (gRPC, Pyroscope's HTTP {@code /ingest}, the Connect push):
 * the count check, the storage-up check, validation of the whole batch before anything is queued
 * (the first invalid profile refuses the push, naming its index, id and problem), the tenant's series
 * limit ({@link SeriesGate}), the check that
 * the decoded push fits the write queue at all, admission to the queue with the caller's deadline
 * and cancellation, and the metrics of each outcome. Edges only map a {@link PushRefusal} to their
 * own codes. From its start until it is queued or refused, a push is announced to the queue as
 * arriving ({@link WriteQueue#arrival()}). Thread-safe; validation runs on the calling thread.
 */
public final class PushPipeline {
    private static final Duration STORAGE_RETRY_AFTER = Duration.ofSeconds(1);

    private final UploadValidator validator;
    private final WriteQueue queue;
    private final IngestMetrics metrics;
    private final int maxProfilesPerPush;
    private final BooleanSupplier storageUp;
    private final Clock clock;
    private final SeriesGate seriesGate;

    public PushPipeline(UploadValidator validator, WriteQueue queue, IngestMetrics metrics, int maxProfilesPerPush,
                        BooleanSupplier storageUp, Clock clock) {
        this(validator, queue, metrics, maxProfilesPerPush, storageUp, clock, SeriesGate.NONE);
    }

    /** {@code seriesGate} refuses a validated push that would create series its tenant may not have. */
    public PushPipeline(UploadValidator validator, WriteQueue queue, IngestMetrics metrics, int maxProfilesPerPush,
                        BooleanSupplier storageUp, Clock clock, SeriesGate seriesGate) {
        this.seriesGate = seriesGate;
        this.validator = validator;
        this.queue = queue;
        this.metrics = metrics;
        this.maxProfilesPerPush = maxProfilesPerPush;
        this.storageUp = storageUp;
        this.clock = clock;
    }

    /**
     * Validates and queues one push.
     *
     * @param deadlineNanos {@link System#nanoTime()} by which the caller needs the answer; {@link Long#MAX_VALUE} for none
     * @param abandoned     true once the caller no longer waits
     * @return completes with one result per profile, in order, after the commit; or exceptionally with a
     *         {@link PushRefusal} (UNAVAILABLE when the write failed, ABANDONED when the caller left)
     * @throws PushRefusal when the push is refused before it is queued; nothing of it is stored
     */
    public CompletableFuture<List<StoredProfile>> push(String tenant, List<RawProfile> profiles, long deadlineNanos,
                                                        BooleanSupplier abandoned) throws PushRefusal {
        return push(tenant, profiles, ProfileNaming.BY_PERIOD_TYPE, deadlineNanos, abandoned);
    }

    /** As {@link #push(String, List, long, BooleanSupplier)}; profiles without a profile_name are named by {@code naming}. */
    public CompletableFuture<List<StoredProfile>> push(String tenant, List<RawProfile> profiles, ProfileNaming naming,
                                                        long deadlineNanos, BooleanSupplier abandoned) throws PushRefusal {
        try (WriteQueue.Arrival arrival = queue.arrival()) {
            return checkAndQueue(tenant, profiles, naming, deadlineNanos, abandoned);
        }
    }

    private CompletableFuture<List<StoredProfile>> checkAndQueue(String tenant, List<RawProfile> profiles, ProfileNaming naming,
                                                                 long deadlineNanos, BooleanSupplier abandoned) throws PushRefusal {
        int count = profiles.size();
        long bytes = 0;
        for (RawProfile raw : profiles) {
            bytes += raw.getPprof().size();
        }
        metrics.received(count, bytes);
        if (count == 0) {
            throw PushRefusal.invalid("push carries no profiles");
        }
        if (count > maxProfilesPerPush) {
            metrics.rejectedAll("too_many_profiles", count);
            throw PushRefusal.invalid("push carries " + count + " profiles, more than the limit of " + maxProfilesPerPush);
        }
        if (!storageUp.getAsBoolean()) {
            metrics.rejectedAll("storage_unavailable", count);
            throw PushRefusal.unavailable("the database is unavailable; nothing of this push was stored; retry", STORAGE_RETRY_AFTER);
        }
        List<Upload> uploads = validate(tenant, profiles, naming);
        try {
            seriesGate.admit(tenant, uploads);
        } catch (PushRefusal refusal) {
            metrics.rejectedAll("max_series", count);
            throw refusal;
        }
        long retained = RetainedBytes.of(uploads);
        if (retained > queue.capacityBytes()) {
            metrics.rejectedAll("push_too_large", count);
            throw PushRefusal.invalid("push decodes to about " + retained + " bytes, more than the write queue's "
                    + queue.capacityBytes() + "; send fewer profiles per push");
        }
        CompletableFuture<List<WriteOutcome>> written;
        try {
            written = queue.submit(new WriteQueue.Push(uploads, retained, deadlineNanos, abandoned));
        } catch (QueueFullException e) {
            metrics.rejectedAll("queue_full", count);
            throw PushRefusal.overloaded(e.getMessage(), e.retryAfter());
        }
        CompletableFuture<List<StoredProfile>> result = new CompletableFuture<>();
        written.whenComplete((outcomes, error) -> {
            if (error == null) {
                result.complete(stored(uploads, outcomes));
            } else {
                result.completeExceptionally(failed(error, count));
            }
        });
        return result;
    }

    private List<Upload> validate(String tenant, List<RawProfile> profiles, ProfileNaming naming) throws PushRefusal {
        Instant received = clock.instant();
        int count = profiles.size();
        List<Upload> uploads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            RawProfile raw = profiles.get(i);
            try {
                uploads.add(validator.validate(tenant, raw, received, naming));
            } catch (InvalidProfileException e) {
                metrics.rejected(e.problem(), count - 1);
                throw PushRefusal.invalidProfile("profile " + i + " (id \"" + raw.getId() + "\"): " + e.getMessage()
                        + "; nothing of this push was stored", i);
            }
        }
        return uploads;
    }

    private PushRefusal failed(Throwable error, int count) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WriteQueue.AbandonedException) {
            metrics.rejectedAll("abandoned", count);
            return PushRefusal.abandoned(cause.getMessage());
        }
        metrics.rejectedAll("storage_error", count);
        return PushRefusal.unavailable("storing the push failed, nothing of it was stored; retry", STORAGE_RETRY_AFTER);
    }

    private List<StoredProfile> stored(List<Upload> uploads, List<WriteOutcome> outcomes) {
        List<StoredProfile> results = new ArrayList<>(uploads.size());
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
            results.add(new StoredProfile(upload.id(), stored, upload.series().size()));
        }
        metrics.stored(accepted, uploads.size() - accepted, samples);
        return results;
    }
}

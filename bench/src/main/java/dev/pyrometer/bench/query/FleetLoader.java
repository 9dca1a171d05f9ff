package dev.pyrometer.bench.query;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.storage.dictionary.SymbolResolver;
import dev.pyrometer.storage.partition.DailyPartitions;
import dev.pyrometer.storage.rollup.RollupJob;
import dev.pyrometer.storage.series.SeriesRegistry;
import dev.pyrometer.storage.write.ProfileWriter;
import dev.pyrometer.storage.write.Upload;
import dev.pyrometer.storage.write.WriteOutcome;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes the fleet's history through the project's own {@link ProfileWriter} (several threads, each
 * storing a batch of whole rounds of the whole fleet at a time, so rows arrive nearly in time order
 * as they do live), while one thread runs the {@link RollupJob} behind the writers' watermark (the
 * start of the oldest batch not yet stored), so rollups are computed as they would be live, once per
 * bucket. When the writers are done the job runs until no bucket is pending.
 */
public final class FleetLoader {
    private final DataSource dataSource;
    private final QueryFleet fleet;
    private final FleetSchedule schedule;
    private final int services;
    private final int pods;
    private final long rounds;
    private final String tenant;
    private final int threads;
    /** The kinds (indexes in {@link QueryFleet} endpoint order) every pod pushes each round. */
    private final int[] kinds;
    private final int roundsPerBatch;

    private final AtomicLong nextBatch = new AtomicLong();
    private final AtomicLong uploads = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** done[b]: batch b is stored. */
    private final boolean[] done;
    private long lowestPending;

    /** What one load did. */
    public record Figures(long uploads, long duplicates, long rows, long samples, double writeSeconds, double catchUpSeconds,
                   long bucketsDuringLoad, long bucketsAfterLoad, double batchSeconds) {
    }

    public FleetLoader(DataSource dataSource, QueryFleet fleet, FleetSchedule schedule, int services, int pods, long rounds, String tenant,
                       int threads, int batchUploads, int[] kinds) {
        this.kinds = kinds;
        this.dataSource = dataSource;
        this.fleet = fleet;
        this.schedule = schedule;
        this.services = services;
        this.pods = pods;
        this.rounds = rounds;
        this.tenant = tenant;
        this.threads = threads;
        this.roundsPerBatch = Math.max(1, batchUploads / (services * pods * kinds.length));
        this.done = new boolean[Math.toIntExact((rounds + roundsPerBatch - 1) / roundsPerBatch)];
    }

    public int uploadsPerBatch() {
        return roundsPerBatch * services * pods * kinds.length;
    }

    public Figures run() throws Exception {
        ProfileWriter writer = new ProfileWriter(dataSource, new SeriesRegistry(1_000_000), new SymbolResolver(1_000_000), new DailyPartitions());
        RollupJob rollups = new RollupJob(dataSource, Duration.ZERO, 1000);
        long started = System.nanoTime();
        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(() -> writeBatches(writer), "writer-" + i);
            thread.start();
            writers.add(thread);
        }
        AtomicLong rollupBuckets = new AtomicLong();
        Thread rollup = new Thread(() -> {
            try {
                while (writersRunning(writers) && failure.get() == null) {
                    int n = rollups.runOnce(watermark());
                    rollupBuckets.addAndGet(n);
                    if (n == 0) {
                        Thread.sleep(500);
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "rollup");
        rollup.start();
        Thread progress = new Thread(() -> reportProgress(started), "progress");
        progress.setDaemon(true);
        progress.start();
        for (Thread thread : writers) {
            thread.join();
        }
        double writeSeconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("Stored every batch in %.0f s; rolling up what is still pending...%n", writeSeconds);
        // Catching up starts when the writers are done: the rollup thread's run in flight counts too.
        long catchUpStart = System.nanoTime();
        rollup.join();
        progress.interrupt();
        if (failure.get() != null) {
            throw new IllegalStateException("load failed: " + failure.get(), failure.get());
        }
        long after = 0;
        // Everything is in the past for a clock two days after the data: every bucket is due, today's too.
        Instant everythingDue = Instant.ofEpochSecond(0, (schedule.startMicros() + rounds * schedule.cadenceMicros()) * 1000)
                .plus(Duration.ofDays(2));
        for (int idle = 0; ; ) {
            int n = rollups.runOnce(everythingDue);
            after += n;
            if (n > 0) {
                idle = 0;
            } else if (pending() == 0) {
                break;
            } else if (++idle > 60) {
                // runOnce does nothing while another replica (an ingest-service on the same database) holds the job lock.
                throw new IllegalStateException(pending() + " rollup buckets of tenant " + tenant + " stay pending");
            } else {
                Thread.sleep(1000);
            }
        }
        double catchUpSeconds = (System.nanoTime() - catchUpStart) / 1e9;
        long batches = done.length;
        return new Figures(uploads.get(), duplicates.get(), rows.get(), samples.get(), writeSeconds, catchUpSeconds,
                rollupBuckets.get(), after, writeNanos.get() / 1e9 / Math.max(1, batches));
    }

    private static boolean writersRunning(List<Thread> writers) {
        return writers.stream().anyMatch(Thread::isAlive);
    }

    private void writeBatches(ProfileWriter writer) {
        try {
            long batch;
            while (failure.get() == null && (batch = nextBatch.getAndIncrement()) < done.length) {
                List<Upload> uploadsOfBatch = new ArrayList<>(uploadsPerBatch());
                long batchSamples = 0;
                long batchRows = 0;
                long first = batch * roundsPerBatch;
                long last = Math.min(rounds, first + roundsPerBatch);
                for (long round = first; round < last; round++) {
                    for (int service = 0; service < services; service++) {
                        for (int pod = 0; pod < pods; pod++) {
                            long micros = schedule.timeMicros(service, pod, round);
                            LabelSet labels = schedule.labels(service, pod, micros);
                            int variant = service * pods + pod;
                            for (int kind : kinds) {
                                String id = "qb/" + service + "/" + pod + "/" + round + "/" + kind;
                                uploadsOfBatch.add(fleet.upload(tenant, id, service, kind, round, variant, labels, micros * 1000,
                                        schedule.cadenceMicros() * 1000));
                                batchSamples += fleet.samples(service, kind, round, variant);
                                batchRows += fleet.seriesPerUpload(kind);
                            }
                        }
                    }
                }
                long start = System.nanoTime();
                List<WriteOutcome> outcomes = writer.write(uploadsOfBatch);
                writeNanos.addAndGet(System.nanoTime() - start);
                long stored = outcomes.stream().filter(outcome -> outcome == WriteOutcome.STORED).count();
                uploads.addAndGet(stored);
                duplicates.addAndGet(outcomes.size() - stored);
                if (stored == outcomes.size()) {
                    rows.addAndGet(batchRows);
                    samples.addAndGet(batchSamples);
                }
                markDone(batch);
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
    }

    private synchronized void markDone(long batch) {
        done[(int) batch] = true;
        while (lowestPending < done.length && done[(int) lowestPending]) {
            lowestPending++;
        }
    }

    /** The start of the oldest batch not stored yet: every row before it is in. */
    private synchronized Instant watermark() {
        long micros = schedule.startMicros() + lowestPending * roundsPerBatch * schedule.cadenceMicros();
        return Instant.ofEpochSecond(0, micros * 1000);
    }

    private void reportProgress(long started) {
        try {
            while (true) {
                Thread.sleep(30_000);
                double seconds = (System.nanoTime() - started) / 1e9;
                long batchesDone;
                synchronized (this) {
                    batchesDone = lowestPending;
                }
                double fraction = (double) batchesDone / done.length;
                System.out.printf("  %5.0f s: %,d uploads (%,d rows) stored, %.0f uploads/s, %.0f rows/s, %.1f %% of batches, about %.0f s to go, "
                                + "rollup watermark %s%n", seconds, uploads.get(), rows.get(), uploads.get() / seconds, rows.get() / seconds,
                        100 * fraction, fraction == 0 ? Double.NaN : seconds / fraction - seconds, watermark());
            }
        } catch (InterruptedException e) {
            // finished
        }
    }

    private long pending() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM rollup_pending p JOIN tenant t ON t.id = p.tenant_id "
                     + "WHERE t.name = '" + tenant.replace("'", "''") + "'")) {
            result.next();
            return result.getLong(1);
        }
    }
}

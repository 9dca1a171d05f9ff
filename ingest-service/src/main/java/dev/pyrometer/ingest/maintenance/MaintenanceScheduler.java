package dev.pyrometer.ingest.maintenance;

import dev.pyrometer.storage.partition.RetentionJob;
import dev.pyrometer.storage.rollup.RollupJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Instant;

/** Runs the storage jobs on their intervals. A failed run is logged and retried at the next one. */
@Component
public class MaintenanceScheduler {
    private static final Logger log = LoggerFactory.getLogger(MaintenanceScheduler.class);

    private final RollupJob rollupJob;
    private final RetentionJob retentionJob;

    public MaintenanceScheduler(RollupJob rollupJob, RetentionJob retentionJob) {
        this.rollupJob = rollupJob;
        this.retentionJob = retentionJob;
    }

    @Scheduled(initialDelay = 0, fixedDelayString = "${pyrometer.storage.retention-interval}")
    public void retention() {
        try {
            retentionJob.runOnce(Instant.now());
        } catch (SQLException | RuntimeException e) {
            log.warn("Retention run failed; retrying at the next interval", e);
        }
    }

    @Scheduled(initialDelayString = "${pyrometer.storage.rollup-interval}", fixedDelayString = "${pyrometer.storage.rollup-interval}")
    public void rollup() {
        try {
            int buckets;
            do {
                buckets = rollupJob.runOnce(Instant.now());
            } while (buckets > 0);
        } catch (SQLException | RuntimeException e) {
            log.warn("Rollup run failed; retrying at the next interval", e);
        }
    }
}

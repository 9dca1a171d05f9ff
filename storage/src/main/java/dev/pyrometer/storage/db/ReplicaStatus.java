package dev.pyrometer.storage.db;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of the replica's last check.
 *
 * @param state      where reads go, and why
 * @param lagSeconds how far the replica trails the primary, in seconds ({@link ReplayLag}); NaN when not known
 * @param maxLag     the bound: reads go to the replica only while the lag is at most this
 * @param checkedAt  when the check ran
 * @param since      when {@code state} last changed
 * @param primaryLsn the primary's WAL position at the check ({@code pg_current_wal_lsn()}), bytes, or -1
 * @param replica    what the replica said, or null when it did not answer
 * @param error      why the replica or the primary did not answer; empty otherwise. Operator-facing: may hold
 *                   server text
 */
public record ReplicaStatus(ReplicaState state, double lagSeconds, Duration maxLag, Instant checkedAt, Instant since,
                            long primaryLsn, ReplicaReading replica, String error) {

    static ReplicaStatus starting(Duration maxLag) {
        Instant now = Instant.now();
        return new ReplicaStatus(ReplicaState.STARTING, Double.NaN, maxLag, now, now, -1, null, "");
    }
}

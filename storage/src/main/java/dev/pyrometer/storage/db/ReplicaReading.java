package dev.pyrometer.storage.db;

import java.time.Instant;

/**
 * What the replica said about itself at one check, from PostgreSQL's recovery functions.
 *
 * @param inRecovery         {@code pg_is_in_recovery()}: a standby replaying WAL
 * @param replayed           {@code pg_last_wal_replay_lsn()} in bytes, or -1 when not in recovery
 * @param received           {@code pg_last_wal_receive_lsn()} in bytes, or -1 when nothing was streamed yet
 * @param replayPaused       {@code pg_is_wal_replay_paused()}; false when not in recovery
 * @param lastReplayedCommit {@code pg_last_xact_replay_timestamp()}: the primary's commit time of the newest
 *                           transaction replayed, or null when none was replayed since the replica started
 * @param walReceiver        {@code pg_stat_wal_receiver.status} ({@code streaming}, ...), {@code running} when a
 *                           receiver runs but the user may not see its status, {@code none} without a receiver
 */
public record ReplicaReading(boolean inRecovery, long replayed, long received, boolean replayPaused, Instant lastReplayedCommit,
                             String walReceiver) {

    /** A WAL position in PostgreSQL's notation ({@code 16/B374D848}), or empty for -1. */
    public static String lsn(long bytes) {
        return bytes < 0 ? "" : Long.toHexString(bytes >>> 32).toUpperCase() + "/" + Long.toHexString(bytes & 0xFFFFFFFFL).toUpperCase();
    }
}

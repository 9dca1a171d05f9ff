package dev.pyrometer.storage.db;

/**
 * How far a streaming replica trails its primary, from WAL positions alone. Each check records the primary's
 * current WAL position with the time it was read, on one monotonic clock (so no clock skew between servers
 * enters). A replica that has replayed up to position R holds every transaction the primary had committed
 * when it stood at a position at most R. The lag is the time from the newest sample the replica covers to
 * the newest sample: 0 when it has replayed everything the primary had written at the last check (an idle
 * primary is no lag), else an upper bound on how old the newest missing commit can be, with the resolution
 * of one check.
 *
 * <p>Keeps at most {@code capacity} samples; the newest one covered stays known after older samples are
 * dropped, so the lag keeps growing while the replica stands still. Not thread-safe: one probe thread.
 */
final class ReplayLag {
    /** {@link #lagNanos} when no sample is covered yet. */
    static final long UNKNOWN = -1;
    private static final long NONE = Long.MIN_VALUE;

    private final long[] sampledAt;
    private final long[] positions;
    private int size;
    private int next;
    private long coveredAt = NONE;

    /** @param capacity samples kept: enough to span the lag bound, about bound / interval + 2 */
    ReplayLag(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.sampledAt = new long[capacity];
        this.positions = new long[capacity];
    }

    /** Records that the primary's WAL stood at {@code position} (bytes) at {@code nanos} ({@link System#nanoTime()}). */
    void recordPrimary(long nanos, long position) {
        sampledAt[next] = nanos;
        positions[next] = position;
        next = (next + 1) % positions.length;
        size = Math.min(size + 1, positions.length);
    }

    /**
     * The lag in nanoseconds of a replica that has replayed up to {@code replayed} (bytes), as of the newest
     * primary sample; {@link #UNKNOWN} when no sample is covered (no sample yet, or the replica trails all of them).
     */
    long lagNanos(long replayed) {
        if (size == 0) {
            return UNKNOWN;
        }
        int newest = (next - 1 + positions.length) % positions.length;
        for (int i = 0; i < size; i++) {
            int index = (newest - i + positions.length) % positions.length;
            if (positions[index] <= replayed) {
                coveredAt = Math.max(coveredAt, sampledAt[index]);
                break;
            }
        }
        return coveredAt == NONE ? UNKNOWN : Math.max(0, sampledAt[newest] - coveredAt);
    }

    /**
     * Forgets what the replica covered: after it was unreachable its replay position may restart lower (a
     * restarted standby replays from its last restart point), so only new readings count.
     */
    void forgetReplica() {
        coveredAt = NONE;
    }
}

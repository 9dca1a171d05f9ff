package dev.pyrometer.agent.push.impl;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The push client's only buffer, bounded by profile count and by bytes. Oldest first; when an
 * addition exceeds a bound, profiles are dropped from the head (the oldest) until it fits, and
 * returned to the caller to be counted. A batch that failed goes back to the head, so data between
 * retries counts against the bound like any other.
 */
final class DropOldestQueue {
    private final int maxProfiles;
    private final long maxBytes;
    private final ArrayDeque<Pending> deque = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long bytes;
    private boolean woken;

    DropOldestQueue(int maxProfiles, long maxBytes) {
        this.maxProfiles = maxProfiles;
        this.maxBytes = maxBytes;
    }

    /** Adds at the tail; returns the profiles dropped to make room (possibly {@code pending} itself). */
    List<Pending> offer(Pending pending) {
        lock.lock();
        try {
            deque.addLast(pending);
            bytes += pending.profile.size();
            List<Pending> dropped = trim();
            changed.signalAll();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Puts a batch back at the head in its order; returns what had to be dropped. */
    List<Pending> returnToHead(List<Pending> batch) {
        lock.lock();
        try {
            for (int i = batch.size() - 1; i >= 0; i--) {
                deque.addFirst(batch.get(i));
                bytes += batch.get(i).profile.size();
            }
            List<Pending> dropped = trim();
            changed.signalAll();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the next batch: waits up to {@code wait} for a first profile, then up to {@code linger}
     * for the batch to fill, unless the first profile was {@link Pending#sent sent} before (a batch
     * coming back is sent again without lingering). A batch holds at most {@code limit} profiles and
     * {@code byteLimit} bytes (but always at least one profile). Returns an empty list when nothing
     * came or {@link #wake} was called.
     */
    List<Pending> take(int limit, long byteLimit, Duration wait, Duration linger) throws InterruptedException {
        lock.lock();
        try {
            long waitNanos = wait.toNanos();
            while (deque.isEmpty() && !woken && waitNanos > 0) {
                waitNanos = changed.awaitNanos(waitNanos);
            }
            long lingerNanos = linger.toNanos();
            while (!deque.isEmpty() && !woken && lingerNanos > 0 && deque.size() < limit && !deque.peekFirst().sent) {
                lingerNanos = changed.awaitNanos(lingerNanos);
            }
            woken = false;
            List<Pending> batch = new ArrayList<>();
            long batchBytes = 0;
            while (!deque.isEmpty() && batch.size() < limit) {
                Pending next = deque.peekFirst();
                boolean fits = batch.isEmpty() || batchBytes + next.profile.size() <= byteLimit;
                if (!fits) {
                    break;
                }
                deque.pollFirst();
                bytes -= next.profile.size();
                batchBytes += next.profile.size();
                batch.add(next);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Makes a waiting {@link #take} return now. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    List<Pending> drainAll() {
        lock.lock();
        try {
            List<Pending> all = new ArrayList<>(deque);
            deque.clear();
            bytes = 0;
            return all;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return deque.size();
        } finally {
            lock.unlock();
        }
    }

    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }

    boolean awaitEmpty(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (!deque.isEmpty() && left > 0) {
                left = changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return deque.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private List<Pending> trim() {
        List<Pending> dropped = List.of();
        Iterator<Pending> oldest = deque.iterator();
        while ((deque.size() > maxProfiles || bytes > maxBytes) && oldest.hasNext()) {
            Pending victim = oldest.next();
            oldest.remove();
            bytes -= victim.profile.size();
            if (dropped.isEmpty()) {
                dropped = new ArrayList<>();
            }
            dropped.add(victim);
        }
        return dropped;
    }
}

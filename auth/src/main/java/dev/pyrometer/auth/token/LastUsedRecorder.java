package dev.pyrometer.auth.token;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Records token uses off the request path: {@link #used} only notes the time in memory; a background thread writes
 * last_used_at at most once per {@code minGap} per token (one minute in the services). A failed write is retried at
 * the next flush.
 */
public final class LastUsedRecorder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LastUsedRecorder.class);
    private final Duration minGap;
    private final BiConsumer<String, Instant> writer;
    private final Map<String, Instant> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> written = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    /** Writes through {@code writer}; with a positive {@code flushEvery} a daemon thread calls {@link #flush()}. */
    public LastUsedRecorder(Duration minGap, Duration flushEvery, BiConsumer<String, Instant> writer) {
        this.minGap = minGap;
        this.writer = writer;
        if (!flushEvery.isZero() && !flushEvery.isNegative()) {
            flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "token-last-used");
                thread.setDaemon(true);
                return thread;
            });
            flusher.scheduleWithFixedDelay(this::flush, flushEvery.toMillis(), flushEvery.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    /** Notes a use at {@code at}, unless one was written less than minGap before. */
    void used(String publicId, Instant at) {
        Instant last = written.get(publicId);
        if (last == null || !at.isBefore(last.plus(minGap))) {
            pending.merge(publicId, at, (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Writes every noted use; returns how many were written. */
    public int flush() {
        int count = 0;
        for (String publicId : pending.keySet()) {
            Instant at = pending.remove(publicId);
            if (at == null) {
                continue;
            }
            try {
                writer.accept(publicId, at);
                written.put(publicId, at);
                count++;
            } catch (RuntimeException e) {
                pending.merge(publicId, at, (a, b) -> a.isAfter(b) ? a : b);
                log.warn("cannot record the last use of token {}: {}", publicId, e.toString());
                break;
            }
        }
        if (written.size() > TokenCache.MAX_ENTRIES) {
            written.clear();
        }
        return count;
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        flush();
    }
}

package dev.pyrometer.auth.token;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Token lookups by public id, each kept at most {@code ttl} (unknown ids too, so garbage tokens do not reach the
 * database more than once per ttl). A zero ttl reads the database every time. At most {@value #MAX_ENTRIES} entries;
 * beyond that the cache starts over.
 */
final class TokenCache {
    static final int MAX_ENTRIES = 10_000;
    private final long ttlNanos;
    private final Function<String, Optional<TokenRecord>> loader;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Optional<TokenRecord> token, long loadedAt) {
    }

    TokenCache(Duration ttl, Function<String, Optional<TokenRecord>> loader) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("token cache ttl must not be negative: " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.loader = loader;
    }

    Optional<TokenRecord> get(String publicId) {
        long now = System.nanoTime();
        Entry entry = entries.get(publicId);
        if (entry != null && now - entry.loadedAt() < ttlNanos) {
            return entry.token();
        }
        Optional<TokenRecord> loaded = loader.apply(publicId);
        if (ttlNanos > 0) {
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(publicId, new Entry(loaded, now));
        }
        return loaded;
    }

    /** Drops one entry (this replica revoked the token: no need to wait for the ttl here). */
    void forget(String publicId) {
        entries.remove(publicId);
    }
}

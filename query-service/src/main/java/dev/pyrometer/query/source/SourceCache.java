package dev.pyrometer.query.source;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Source texts by URL, bounded by their total size in bytes (a text counts as its UTF-8 length plus 64 bytes per
 * line); the least recently used go first. A URL whose version is in it names an immutable file, so entries do not
 * expire. Thread-safe.
 */
final class SourceCache {
    private final long maxBytes;
    private final LinkedHashMap<URI, SourceText> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<URI, Long> sizes = new java.util.HashMap<>();
    private long bytes;

    SourceCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized SourceText get(URI uri) {
        return entries.get(uri);
    }

    /** Keeps {@code text} of {@code size} bytes unless it alone exceeds the bound. */
    synchronized void put(URI uri, SourceText text, long size) {
        if (size > maxBytes) {
            return;
        }
        Long previous = sizes.remove(uri);
        if (previous != null) {
            entries.remove(uri);
            bytes -= previous;
        }
        entries.put(uri, text);
        sizes.put(uri, size);
        bytes += size;
        var eldest = entries.entrySet().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            URI oldest = eldest.next().getKey();
            eldest.remove();
            bytes -= sizes.remove(oldest);
        }
    }
}

package dev.pyrometer.agent.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GETs profiles from the target over HTTP/1.1 with {@link HttpURLConnection}: no threads or class
 * graph of its own, which keeps the sidecar small; connections are kept alive between scrapes.
 * Bodies are capped; a non-200 answer is an error quoting the body. {@link #close} aborts requests
 * in progress, so a 14-second CPU scrape does not hold up a shutdown.
 */
final class HttpScraper implements AutoCloseable {
    /** Largest body read; a Go profile is far smaller. */
    static final int MAX_BODY_BYTES = 64 << 20;

    private final int connectTimeoutMillis;
    private final Set<HttpURLConnection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HttpScraper(Duration connectTimeout) {
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    /**
     * @param timeout longest wait for the response and for each read of its body (Go sends the
     *                response of a CPU scrape only when the profile is done)
     * @throws IOException on connection failures, timeouts, non-200 answers, oversized bodies and after close
     */
    byte[] get(URI url, Duration timeout) throws IOException {
        if (closed) {
            throw new IOException("scraper closed");
        }
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        open.add(connection);
        try {
            connection.setConnectTimeout(connectTimeoutMillis);
            connection.setReadTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            connection.setInstanceFollowRedirects(true);
            connection.setRequestProperty("Accept", "application/octet-stream");
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
                if (status != 200) {
                    String text = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.UTF_8).strip();
                    throw new IOException("HTTP " + status + " from " + url + (text.isEmpty() ? "" : ": " + text));
                }
                if (bytes.length > MAX_BODY_BYTES) {
                    connection.disconnect();
                    throw new IOException("response from " + url + " is larger than " + MAX_BODY_BYTES + " bytes");
                }
                return bytes;
            }
        } finally {
            open.remove(connection);
        }
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        open.forEach(HttpURLConnection::disconnect);
    }
}

package dev.pyrometer.query.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads source files over HTTP, bounded: one GET per URL, no redirect followed (a redirect could lead anywhere),
 * at most {@code timeout} from connecting to the body's last byte, at most {@code maxFileSize} bytes of body, and
 * only status 200 counts. Bodies are decoded as UTF-8, malformed bytes replaced. Texts and 404s are cached (see
 * {@link SourceCache}); other failures are not, so the next request tries again. Thread-safe.
 */
public final class SourceFetcher {
    private static final Logger log = LoggerFactory.getLogger(SourceFetcher.class);
    private static final long ENTRY_OVERHEAD_BYTES = 64;

    private final HttpClient client;
    private final Duration timeout;
    private final long maxFileSize;
    private final SourceCache cache;

    public SourceFetcher(Duration timeout, long maxFileSize, long cacheSize) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.timeout = timeout;
        this.maxFileSize = maxFileSize;
        this.cache = new SourceCache(cacheSize);
    }

    /** The text at {@code uri}, which the caller built from a configured {@link SourceLocation}. */
    public SourceText fetch(URI uri) {
        SourceText cached = cache.get(uri);
        if (cached != null) {
            return cached;
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "text/plain, */*").GET().build();
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info ->
                info.statusCode() == 200 ? new BoundedBody(maxFileSize) : HttpResponse.BodySubscribers.replacing(new byte[0]));
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (response.statusCode() == 404) {
                SourceText missing = new SourceText.Missing("the source server has no such file (HTTP 404)");
                cache.put(uri, missing, ENTRY_OVERHEAD_BYTES);
                return missing;
            }
            if (response.statusCode() != 200) {
                return new SourceText.Missing("the source server answered HTTP " + response.statusCode());
            }
            String text = new String(response.body(), StandardCharsets.UTF_8);
            SourceText.Found found = SourceText.of(text);
            cache.put(uri, found, response.body().length + ENTRY_OVERHEAD_BYTES * (found.lines().size() + 1));
            return found;
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new SourceText.Missing("the source server did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BoundedBody.TooLarge tooLarge) {
                return new SourceText.Missing("the file is not shown: " + tooLarge.getMessage());
            }
            log.debug("Fetching source {} failed", uri, e.getCause());
            return new SourceText.Missing("the source server cannot be reached");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new SourceText.Missing("interrupted");
        }
    }
}

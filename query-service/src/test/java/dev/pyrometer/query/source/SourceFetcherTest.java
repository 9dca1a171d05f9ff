package dev.pyrometer.query.source;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The fetch is bounded in time and size, follows no redirect, and caches texts and 404s only; against a local server. */
class SourceFetcherTest {
    private final HttpServer server = start();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void readsTheLinesOfA200AndCachesThem() {
        SourceFetcher fetcher = new SourceFetcher(Duration.ofSeconds(10), 1000, 10_000);

        SourceText first = fetcher.fetch(uri("/ok"));
        SourceText second = fetcher.fetch(uri("/ok"));

        assertThat(first).isEqualTo(new SourceText.Found(List.of("package main", "", "func main() {}\r")));
        assertThat(second).isEqualTo(first);
        assertThat(requests).containsExactly("/ok");
    }

    @Test
    void caches404ButRetriesOtherFailures() {
        SourceFetcher fetcher = new SourceFetcher(Duration.ofSeconds(10), 1000, 10_000);

        assertThat(fetcher.fetch(uri("/absent"))).isEqualTo(new SourceText.Missing("the source server has no such file (HTTP 404)"));
        assertThat(fetcher.fetch(uri("/absent"))).isEqualTo(new SourceText.Missing("the source server has no such file (HTTP 404)"));
        assertThat(fetcher.fetch(uri("/broken"))).isEqualTo(new SourceText.Missing("the source server answered HTTP 500"));
        assertThat(fetcher.fetch(uri("/broken"))).isEqualTo(new SourceText.Missing("the source server answered HTTP 500"));
        assertThat(requests).containsExactly("/absent", "/broken", "/broken");
    }

    @Test
    void followsNoRedirect() {
        SourceFetcher fetcher = new SourceFetcher(Duration.ofSeconds(10), 1000, 10_000);

        assertThat(fetcher.fetch(uri("/moved"))).isEqualTo(new SourceText.Missing("the source server answered HTTP 302"));
        assertThat(requests).containsExactly("/moved");
    }

    @Test
    void refusesAFileLargerThanTheLimit() {
        SourceFetcher fetcher = new SourceFetcher(Duration.ofSeconds(10), 1000, 10_000);

        assertThat(fetcher.fetch(uri("/large"))).isEqualTo(new SourceText.Missing("the file is not shown: it is larger than 1000 bytes"));
        assertThat(new SourceFetcher(Duration.ofSeconds(10), 1001, 10_000).fetch(uri("/large"))).isInstanceOf(SourceText.Found.class);
    }

    @Test
    void givesUpOnAServerThatDoesNotAnswerWithinTheTimeout() {
        SourceFetcher fetcher = new SourceFetcher(Duration.ofMillis(200), 1000, 10_000);

        assertThat(fetcher.fetch(uri("/stalled"))).isEqualTo(new SourceText.Missing("the source server did not answer within 200 ms"));
    }

    @Test
    void theCacheDropsTheLeastRecentlyUsedBeyondItsSize() {
        SourceCache cache = new SourceCache(100);
        SourceText a = new SourceText.Missing("a");
        SourceText b = new SourceText.Missing("b");
        cache.put(uri("/a"), a, 40);
        cache.put(uri("/b"), b, 40);
        cache.get(uri("/a"));
        cache.put(uri("/c"), a, 40);
        cache.put(uri("/huge"), a, 101);

        assertThat(cache.get(uri("/a"))).isEqualTo(a);
        assertThat(cache.get(uri("/b"))).isNull();
        assertThat(cache.get(uri("/c"))).isEqualTo(a);
        assertThat(cache.get(uri("/huge"))).isNull();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private HttpServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                requests.add(path);
                try (exchange; OutputStream out = exchange.getResponseBody()) {
                    switch (path) {
                        case "/ok" -> send(exchange, 200, "package main\n\nfunc main() {}\r\n");
                        case "/large" -> send(exchange, 200, "x".repeat(1001));
                        case "/broken" -> send(exchange, 500, "oops");
                        case "/moved" -> {
                            exchange.getResponseHeaders().add("Location", "/ok");
                            send(exchange, 302, "");
                        }
                        case "/stalled" -> {
                            try {
                                release.await(60, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            send(exchange, 200, "late");
                        }
                        default -> send(exchange, 404, "");
                    }
                } catch (IOException ignored) {
                    // the client went away (a refused or abandoned fetch)
                }
            });
            http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            http.start();
            return http;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}

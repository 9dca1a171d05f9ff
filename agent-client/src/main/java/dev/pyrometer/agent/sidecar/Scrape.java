package dev.pyrometer.agent.sidecar;

import dev.pyrometer.agent.pprof.InvalidPprofException;
import dev.pyrometer.agent.push.api.PushClient;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** One endpoint's scrape: fetch, process, submit; failures are logged by its {@link ScrapeHealth}, never thrown. */
final class Scrape {
    private final HttpScraper http;
    private final EndpointPipeline pipeline;
    private final PushClient push;
    private final ScrapeHealth health;

    Scrape(HttpScraper http, EndpointPipeline pipeline, PushClient push) {
        this.http = http;
        this.pipeline = pipeline;
        this.push = push;
        this.health = new ScrapeHealth(pipeline.endpoint().key());
    }

    /** @return whether the scrape worked */
    boolean run(URI url, Duration timeout) {
        try {
            byte[] body = http.get(url, timeout);
            pipeline.process(body, System.currentTimeMillis() * 1_000_000L).ifPresent(push::submit);
            health.succeeded();
            return true;
        } catch (IOException | InvalidPprofException e) {
            if (!http.isClosed()) {
                health.failed(e.getMessage() == null ? e.toString() : e.getMessage());
            }
        } catch (RuntimeException e) {
            health.failed("unexpected " + e);
        }
        return false;
    }
}

package dev.pyrometer.agent.sidecar;

import dev.pyrometer.agent.log.AgentLog;
import dev.pyrometer.agent.push.api.IdempotencyIds;
import dev.pyrometer.agent.push.api.PushClient;
import dev.pyrometer.agent.push.impl.AgentThreads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes one Go service and hands the profiles to a push client. Two daemon threads:
 * <ul>
 *   <li>the CPU loop requests {@code <cpu.path>?seconds=<cpu.seconds>} again as soon as the previous
 *       one returns, so consecutive CPU profiles leave gaps of only a round trip (Go allows one CPU
 *       profile at a time, so they cannot overlap either); after a failure it waits one interval;</li>
 *   <li>the round loop scrapes every other enabled endpoint in turn, once per interval; each wait
 *       is drawn from interval × [1 − jitter, 1 + jitter], and the first round starts after a
 *       random part of the jitter, so many sidecars started together spread out.</li>
 * </ul>
 * Closing stops both loops (a scrape in progress is aborted) and waits for them; it does not close
 * the push client, so nothing is submitted to it after {@link #close} returns.
 */
public final class Sidecar implements AutoCloseable {
    private final SidecarConfig config;
    private final HttpScraper http;
    private final Scrape cpu;
    private final List<Scrape> others = new ArrayList<>();
    private final List<String> otherPaths = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public Sidecar(SidecarConfig config, Map<String, String> labels, PushClient push) {
        this.config = config;
        this.http = new HttpScraper(config.scrapeTimeout());
        IdempotencyIds ids = new IdempotencyIds();
        Scrape cpuScrape = null;
        for (Map.Entry<GoEndpoint, String> entry : config.paths().entrySet()) {
            Scrape scrape = new Scrape(http, new EndpointPipeline(entry.getKey(), labels, ids), push);
            if (entry.getKey() == GoEndpoint.CPU) {
                cpuScrape = scrape;
            } else {
                others.add(scrape);
                otherPaths.add(entry.getValue());
            }
        }
        this.cpu = cpuScrape;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        if (cpu != null) {
            threads.add(AgentThreads.factory("cpu").newThread(this::cpuLoop));
        }
        if (!others.isEmpty()) {
            threads.add(AgentThreads.factory("scrape").newThread(this::roundLoop));
        }
        threads.forEach(Thread::start);
        AgentLog.info("sidecar scraping " + config.target() + " every " + config.interval().toSeconds() + " s: "
                + config.paths().keySet());
    }

    @Override
    public synchronized void close() {
        running = false;
        http.close();
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    private void cpuLoop() {
        String path = config.paths().get(GoEndpoint.CPU);
        String query = (path.contains("?") ? "&" : "?") + "seconds=" + config.cpuSeconds();
        Duration timeout = Duration.ofSeconds(config.cpuSeconds()).plus(config.scrapeTimeout());
        try {
            while (running) {
                if (!cpu.run(config.url(path + query), timeout)) {
                    TimeUnit.MILLISECONDS.sleep(config.interval().toMillis());
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void roundLoop() {
        try {
            TimeUnit.NANOSECONDS.sleep(ThreadLocalRandom.current().nextLong(1 + (long) (config.interval().toNanos() * config.jitter())));
            while (running) {
                long roundStart = System.nanoTime();
                for (int i = 0; i < others.size() && running; i++) {
                    others.get(i).run(config.url(otherPaths.get(i)), config.scrapeTimeout());
                }
                double spread = config.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
                long next = roundStart + (long) (config.interval().toNanos() * (1 + spread));
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
            }
        } catch (InterruptedException e) {
            // closing
        }
    }
}

package dev.pyrometer.agent.sidecar;

import dev.pyrometer.agent.config.Catalog;
import dev.pyrometer.agent.config.ConfigException;
import dev.pyrometer.agent.config.ResolvedConfig;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What and how often the sidecar scrapes.
 *
 * @param target        base URL of the Go service, e.g. {@code http://127.0.0.1:6060}
 * @param interval      time between scrape rounds of the non-CPU endpoints
 * @param jitter        each interval is drawn from interval × [1 − jitter, 1 + jitter]
 * @param scrapeTimeout time one scrape may take (the CPU scrape: its seconds plus this)
 * @param cpuSeconds    length of each CPU profile, in whole seconds
 * @param paths         enabled endpoints and their paths
 */
public record SidecarConfig(URI target, Duration interval, double jitter, Duration scrapeTimeout, int cpuSeconds,
                            Map<GoEndpoint, String> paths) {

    public SidecarConfig {
        paths = Collections.unmodifiableMap(paths.isEmpty() ? new EnumMap<>(GoEndpoint.class) : new EnumMap<>(paths));
    }

    public static SidecarConfig from(ResolvedConfig config) throws ConfigException {
        URI target;
        try {
            target = URI.create(config.string(Catalog.TARGET).trim());
        } catch (IllegalArgumentException e) {
            throw config.problem(Catalog.TARGET, "not a URL: " + e.getMessage());
        }
        if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme()) || target.getHost() == null) {
            throw config.problem(Catalog.TARGET, "must be an http:// or https:// URL with a host");
        }
        Duration interval = config.duration(Catalog.INTERVAL);
        if (interval.compareTo(Duration.ofSeconds(2)) < 0) {
            throw config.problem(Catalog.INTERVAL, "must be at least 2s (the CPU profile needs a whole second)");
        }
        int cpuSeconds = (int) Math.max(1, interval.toSeconds() - 1);
        if (config.isSet(Catalog.CPU_SECONDS)) {
            cpuSeconds = config.count(Catalog.CPU_SECONDS);
            if (cpuSeconds < 1) {
                throw config.problem(Catalog.CPU_SECONDS, "must be at least 1");
            }
        }
        Map<GoEndpoint, String> paths = new EnumMap<>(GoEndpoint.class);
        for (GoEndpoint endpoint : GoEndpoint.values()) {
            if (config.bool(Catalog.endpointEnabled(endpoint.key()))) {
                String path = config.string(Catalog.endpointPath(endpoint.key())).trim();
                if (!path.startsWith("/")) {
                    throw config.problem(Catalog.endpointPath(endpoint.key()), "must start with /");
                }
                paths.put(endpoint, path);
            }
        }
        if (paths.isEmpty()) {
            throw new ConfigException("every endpoint is disabled: nothing to scrape");
        }
        return new SidecarConfig(target, interval, config.fraction(Catalog.JITTER), config.duration(Catalog.SCRAPE_TIMEOUT),
                cpuSeconds, paths);
    }

    /** The URL of a path on the target, keeping any path prefix of {@link #target}. */
    public URI url(String pathAndQuery) {
        String base = target.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }
}

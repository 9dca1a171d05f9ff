package dev.pyrometer.agent.config;

import dev.pyrometer.agent.config.Setting.Mode;

import java.util.ArrayList;
import java.util.List;

/**
 * Every setting the agent reads. The README's settings table lists the same names; a test keeps
 * the two in step. Durations take ms, s, m or h; sizes B, KiB, MiB or GiB.
 */
public final class Catalog {
    public static final String LABEL_PREFIX = "labels.";

    public static final Setting CONFIG = common("config", "", "path of a .properties or .yaml/.yml file with more settings");
    public static final Setting SERVICE_NAME = new Setting("service-name", List.of("service_name", "service"), "", Mode.ALL,
            "the service_name label (required)");
    public static final Setting LABELS = common("labels", "",
            "static labels, name=value separated by , or ; (or one labels.<name> key each)");
    public static final Setting ENV_LABELS = common("env-labels",
            "namespace=POD_NAMESPACE,pod=POD_NAME,node=NODE_NAME,version=SERVICE_VERSION",
            "labels read from environment variables, label=VARIABLE; unset or empty variables add nothing");
    public static final Setting SERVER = common("server", "127.0.0.1:4100",
            "ingest-service gRPC address, host:port or a gRPC target; https://host:port turns TLS on");
    public static final Setting TENANT = common("tenant", "", "tenant sent as the x-scope-orgid header; empty means the server's default");
    public static final Setting TLS = common("tls", "false", "use TLS to the server");
    public static final Setting TLS_CA_FILE = common("tls.ca-file", "", "PEM file of trusted CAs for TLS; empty uses the JVM's trust store");
    public static final Setting TLS_CERT_FILE = common("tls.cert-file", "",
            "PEM client certificate chain for mutual TLS (with tls.key-file); empty presents none");
    public static final Setting TLS_KEY_FILE = common("tls.key-file", "", "PEM (PKCS#8) private key of tls.cert-file");
    public static final Setting TOKEN = common("token", "", "bearer token sent as 'authorization: Bearer <token>'");
    public static final Setting TOKEN_FILE = common("token-file", "", "file holding the bearer token (wins over token)");
    public static final Setting INTERVAL = common("interval", "15s", "scrape interval (sidecar) or profiling period (javaagent)");
    public static final Setting LOG_LEVEL = common("log-level", "info", "debug, info, warn, error or off");

    public static final Setting PUSH_TIMEOUT = common("push.timeout", "10s", "deadline of one Push call");
    public static final Setting PUSH_BATCH_PROFILES = common("push.batch-profiles", "64", "most profiles in one Push call");
    public static final Setting PUSH_BATCH_BYTES = common("push.batch-bytes", "4MiB", "most pprof bytes in one Push call");
    public static final Setting PUSH_LINGER = common("push.linger", "500ms", "how long to wait for more profiles before sending a batch");
    public static final Setting PUSH_QUEUE_PROFILES = common("push.queue-profiles", "1024",
            "most profiles waiting to be sent; beyond it the oldest are dropped and counted");
    public static final Setting PUSH_QUEUE_BYTES = common("push.queue-bytes", "8MiB",
            "most pprof bytes waiting to be sent; beyond it the oldest are dropped and counted");
    public static final Setting PUSH_BACKOFF_INITIAL = common("push.backoff-initial", "500ms", "first retry delay (doubles each retry, with jitter)");
    public static final Setting PUSH_BACKOFF_MAX = common("push.backoff-max", "30s", "longest retry delay");
    public static final Setting PUSH_MAX_ATTEMPTS = common("push.max-attempts", "20",
            "attempts per batch on retryable errors before it is dropped; 0 retries without limit");
    public static final Setting PUSH_SHUTDOWN_TIMEOUT = common("push.shutdown-timeout", "5s", "how long the final flush may take at shutdown");

    public static final Setting TARGET = sidecar("target", "http://127.0.0.1:6060", "base URL of the Go service's net/http/pprof handlers");
    public static final Setting JITTER = sidecar("jitter", "0.1", "random spread of each scrape interval, as a fraction of it (0 to <1)");
    public static final Setting SCRAPE_TIMEOUT = sidecar("scrape-timeout", "10s",
            "per-scrape timeout (the CPU scrape gets its profiling seconds on top)");
    public static final Setting CPU_SECONDS = sidecar("cpu.seconds", "",
            "seconds of each CPU profile; empty means interval minus 1 s (at least 1)");

    public static final Setting JFR_CPU = javaagent("jfr.cpu.enabled", "true", "CPU profile from jdk.ExecutionSample");
    public static final Setting JFR_CPU_PERIOD = javaagent("jfr.cpu.period", "10ms", "jdk.ExecutionSample period");
    public static final Setting JFR_ALLOC = javaagent("jfr.alloc.enabled", "true", "allocation profiles from the events jfr.alloc.events names");
    public static final Setting JFR_ALLOC_EVENTS = javaagent("jfr.alloc.events", "tlab",
            "tlab: jdk.ObjectAllocationInNewTLAB and jdk.ObjectAllocationOutsideTLAB, under the types Pyroscope's Java agent uses "
                    + "(memory:alloc_in_new_tlab_*, memory:alloc_outside_tlab_*); sample: jdk.ObjectAllocationSample "
                    + "(memory:alloc_sample_*), throttled by jfr.alloc.throttle");
    public static final Setting JFR_ALLOC_THROTTLE = javaagent("jfr.alloc.throttle", "300/s",
            "jdk.ObjectAllocationSample throttle; used only with jfr.alloc.events=sample (TLAB events cannot be throttled)");
    public static final Setting JFR_LOCK = javaagent("jfr.lock.enabled", "true",
            "mutex profile from jdk.JavaMonitorEnter and block profile from jdk.ThreadPark");
    public static final Setting JFR_LOCK_THRESHOLD = javaagent("jfr.lock.threshold", "10ms", "shortest lock wait or park recorded");

    public static final Setting PROFILE_NAME = new Setting("profile-name", List.of(), "", Mode.PUSH_CLI,
            "profile name: process_cpu, memory, goroutine, mutex, block, threadcreate; empty lets the server infer it");
    public static final Setting ID = new Setting("id", List.of(), "", Mode.PUSH_CLI,
            "idempotency id; empty derives one from the file's content, labels and name (so a repeated push stores nothing new)");
    public static final Setting NOW = new Setting("now", List.of(), "false", Mode.PUSH_CLI,
            "stamp the profile with the file's last-modification time (the end of its window; the pprof's duration before it) "
                    + "instead of the time inside the pprof, so a repeated push stores nothing new");

    private static final List<Setting> FIXED = List.of(CONFIG, SERVICE_NAME, LABELS, ENV_LABELS, SERVER, TENANT, TLS, TLS_CA_FILE,
            TLS_CERT_FILE, TLS_KEY_FILE,            TOKEN, TOKEN_FILE, INTERVAL, LOG_LEVEL, PUSH_TIMEOUT, PUSH_BATCH_PROFILES, PUSH_BATCH_BYTES, PUSH_LINGER,
            PUSH_QUEUE_PROFILES, PUSH_QUEUE_BYTES, PUSH_BACKOFF_INITIAL, PUSH_BACKOFF_MAX, PUSH_MAX_ATTEMPTS,
            PUSH_SHUTDOWN_TIMEOUT, TARGET, JITTER, SCRAPE_TIMEOUT, CPU_SECONDS, JFR_CPU, JFR_CPU_PERIOD, JFR_ALLOC,
            JFR_ALLOC_EVENTS, JFR_ALLOC_THROTTLE, JFR_LOCK, JFR_LOCK_THRESHOLD, PROFILE_NAME, ID, NOW);

    /** The Go endpoints the sidecar scrapes, in scrape order, with their default paths. */
    public static final List<String> ENDPOINTS = List.of("cpu", "heap", "allocs", "goroutine", "mutex", "block", "threadcreate");

    private Catalog() {
    }

    /** Every setting, the per-endpoint ones included. */
    public static List<Setting> all() {
        List<Setting> all = new ArrayList<>(FIXED);
        for (String endpoint : ENDPOINTS) {
            all.add(endpointEnabled(endpoint));
            all.add(endpointPath(endpoint));
        }
        return all;
    }

    public static Setting endpointEnabled(String endpoint) {
        return sidecar(endpoint + ".enabled", "true", "scrape " + defaultPath(endpoint));
    }

    public static Setting endpointPath(String endpoint) {
        return sidecar(endpoint + ".path", defaultPath(endpoint), "path of the " + endpoint + " endpoint on the target");
    }

    private static String defaultPath(String endpoint) {
        return "/debug/pprof/" + (endpoint.equals("cpu") ? "profile" : endpoint);
    }

    private static Setting common(String name, String defaultValue, String description) {
        return new Setting(name, List.of(), defaultValue, Mode.ALL, description);
    }

    private static Setting sidecar(String name, String defaultValue, String description) {
        return new Setting(name, List.of(), defaultValue, Mode.SIDECAR, description);
    }

    private static Setting javaagent(String name, String defaultValue, String description) {
        return new Setting(name, List.of(), defaultValue, Mode.JAVAAGENT, description);
    }
}

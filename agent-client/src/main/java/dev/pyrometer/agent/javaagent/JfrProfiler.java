package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.log.AgentLog;
import dev.pyrometer.agent.pprof.PprofCodec;
import dev.pyrometer.agent.push.api.IdempotencyIds;
import dev.pyrometer.agent.push.api.OutgoingProfile;
import dev.pyrometer.agent.push.api.PushClient;
import dev.pyrometer.agent.push.impl.AgentThreads;
import dev.pyrometer.protocol.pprof.PprofProto;
import jdk.jfr.EventSettings;
import jdk.jfr.consumer.RecordingStream;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Profiles this JVM with a Flight Recorder {@link RecordingStream} and pushes one pprof per enabled
 * kind every {@code interval}. A window holds the events delivered during it (JFR delivers events
 * about a second after they happen, so windows lag the wall clock by that much); its time range is
 * [previous cut, this cut] on the wall clock. Every method catches what it could throw: the host
 * application never sees an exception from here.
 */
final class JfrProfiler implements AutoCloseable {
    private final JfrConfig config;
    private final Map<String, String> labels;
    private final PushClient push;
    private final IdempotencyIds ids = new IdempotencyIds();
    private final JfrWindow window;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(AgentThreads.factory("jfr-cut"));
    private RecordingStream stream;
    private long windowStartNanos;

    JfrProfiler(JfrConfig config, Map<String, String> labels, PushClient push) {
        this.config = config;
        this.labels = Map.copyOf(labels);
        this.push = push;
        Set<JfrProfileKind> kinds = EnumSet.noneOf(JfrProfileKind.class);
        Map<JfrProfileKind, Long> periods = new EnumMap<>(JfrProfileKind.class);
        if (config.cpu()) {
            kinds.add(JfrProfileKind.CPU);
            periods.put(JfrProfileKind.CPU, config.cpuPeriod().toNanos());
        }
        if (config.alloc()) {
            kinds.addAll(config.allocEvents().kinds());
        }
        if (config.lock()) {
            kinds.add(JfrProfileKind.MUTEX);
            kinds.add(JfrProfileKind.BLOCK);
        }
        this.window = new JfrWindow(kinds, periods);
    }

    synchronized void start() {
        RecordingStream recording = new RecordingStream();
        recording.setReuse(true);
        recording.setOrdered(false);
        recording.setMaxAge(Duration.ofSeconds(30));
        if (config.cpu()) {
            recording.enable(JfrProfileKind.CPU.event()).withPeriod(config.cpuPeriod()).withStackTrace();
        }
        if (config.alloc()) {
            for (JfrProfileKind kind : config.allocEvents().kinds()) {
                EventSettings settings = recording.enable(kind.event()).withStackTrace();
                if (kind == JfrProfileKind.ALLOC_SAMPLE) {
                    settings.with("throttle", config.allocThrottle());
                }
            }
        }
        if (config.lock()) {
            recording.enable(JfrProfileKind.MUTEX.event()).withThreshold(config.lockThreshold()).withStackTrace();
            recording.enable(JfrProfileKind.BLOCK.event()).withThreshold(config.lockThreshold()).withStackTrace();
        }
        JfrEvents events = new JfrEvents(window, config.cpuPeriod().toNanos());
        recording.onEvent(event -> {
            try {
                events.accept(event);
            } catch (Throwable t) {
                AgentLog.debug("javaagent: skipped an event: " + t);
            }
        });
        recording.onError(error -> AgentLog.warn("javaagent: Flight Recorder stream error", error));
        windowStartNanos = nowNanos();
        stream = recording;
        // start() blocks while the stream runs; JFR's own startAsync() thread is not a daemon and would keep the host alive
        AgentThreads.factory("jfr").newThread(() -> {
            try {
                recording.start();
            } catch (Throwable t) {
                AgentLog.warn("javaagent: Flight Recorder stream stopped", t);
            }
        }).start();
        long period = config.interval().toMillis();
        scheduler.scheduleAtFixedRate(this::cut, period, period, TimeUnit.MILLISECONDS);
    }

    /** Ends the current window and submits its profiles; does nothing unless recording. */
    synchronized void cut() {
        if (stream == null) {
            return;
        }
        try {
            long end = nowNanos();
            long start = windowStartNanos;
            windowStartNanos = end;
            for (Map.Entry<JfrProfileKind, PprofProto.Profile> entry : window.cut(start, end).entrySet()) {
                push.submit(new OutgoingProfile(ids.next(), entry.getKey().profileName(), labels,
                        PprofCodec.encode(entry.getValue()), start, end));
            }
        } catch (Throwable t) {
            AgentLog.warn("javaagent: could not make this window's profiles", t);
        }
    }

    /** Stops recording and submits the last, partial window. */
    @Override
    public void close() {
        try {
            scheduler.shutdownNow();
            cut();
            RecordingStream recording;
            synchronized (this) {
                recording = stream;
                stream = null;
            }
            if (recording != null) {
                recording.close();
            }
        } catch (Throwable t) {
            AgentLog.warn("javaagent: error while stopping Flight Recorder", t);
        }
    }

    private static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }
}

package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.config.Catalog;
import dev.pyrometer.agent.config.ConfigException;
import dev.pyrometer.agent.config.ResolvedConfig;

import java.time.Duration;

/**
 * What the javaagent records.
 *
 * @param interval      length of each profile window
 * @param cpu           record jdk.ExecutionSample
 * @param cpuPeriod     its sampling period
 * @param alloc         record allocations
 * @param allocEvents   from which events
 * @param allocThrottle jdk.ObjectAllocationSample's throttle, e.g. {@code 300/s} (used with {@link JfrAllocEvents#SAMPLE})
 * @param lock          record jdk.JavaMonitorEnter and jdk.ThreadPark
 * @param lockThreshold shortest wait recorded
 */
public record JfrConfig(Duration interval, boolean cpu, Duration cpuPeriod, boolean alloc, JfrAllocEvents allocEvents,
                        String allocThrottle, boolean lock, Duration lockThreshold) {

    public static JfrConfig from(ResolvedConfig config) throws ConfigException {
        Duration interval = config.duration(Catalog.INTERVAL);
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw config.problem(Catalog.INTERVAL, "must be at least 1s");
        }
        Duration period = config.duration(Catalog.JFR_CPU_PERIOD);
        if (period.isZero()) {
            throw config.problem(Catalog.JFR_CPU_PERIOD, "must be positive");
        }
        String throttle = config.string(Catalog.JFR_ALLOC_THROTTLE).trim();
        if (!throttle.matches("\\d+/(ns|us|ms|s|m|h|d)")) {
            throw config.problem(Catalog.JFR_ALLOC_THROTTLE, "write events per time unit, e.g. 300/s");
        }
        JfrAllocEvents allocEvents = allocEvents(config);
        JfrConfig jfr = new JfrConfig(interval, config.bool(Catalog.JFR_CPU), period, config.bool(Catalog.JFR_ALLOC), allocEvents, throttle,
                config.bool(Catalog.JFR_LOCK), config.duration(Catalog.JFR_LOCK_THRESHOLD));
        if (!jfr.cpu && !jfr.alloc && !jfr.lock) {
            throw new ConfigException("jfr.cpu.enabled, jfr.alloc.enabled and jfr.lock.enabled are all false: nothing to profile");
        }
        return jfr;
    }

    private static JfrAllocEvents allocEvents(ResolvedConfig config) throws ConfigException {
        String value = config.string(Catalog.JFR_ALLOC_EVENTS).trim();
        for (JfrAllocEvents events : JfrAllocEvents.values()) {
            if (events.settingValue().equals(value)) {
                return events;
            }
        }
        throw config.problem(Catalog.JFR_ALLOC_EVENTS, "must be tlab or sample");
    }
}

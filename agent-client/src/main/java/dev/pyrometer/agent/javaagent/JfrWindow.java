package dev.pyrometer.agent.javaagent;

import dev.pyrometer.agent.pprof.ProfileBuilder;
import dev.pyrometer.protocol.pprof.PprofProto;
import jdk.jfr.consumer.RecordedStackTrace;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The profiles of the current window, one builder per enabled kind. Events are added from the JFR
 * stream's thread while {@link #cut} runs on the scheduler's: both hold this object's lock, briefly.
 */
final class JfrWindow {
    private final Set<JfrProfileKind> kinds;
    private final Map<JfrProfileKind, Long> periods;
    private Map<JfrProfileKind, ProfileBuilder> builders;

    /** @param periods each kind's pprof period, in its period type's unit */
    JfrWindow(Set<JfrProfileKind> kinds, Map<JfrProfileKind, Long> periods) {
        this.kinds = Set.copyOf(kinds);
        this.periods = Map.copyOf(periods);
        this.builders = fresh();
    }

    synchronized void add(JfrProfileKind kind, RecordedStackTrace stack, long... values) {
        ProfileBuilder builder = builders.get(kind);
        if (builder != null) {
            builder.add(JfrFrames.locations(stack, builder), values);
        }
    }

    /** Ends the window [startNanos, endNanos] and starts the next; returns one profile per enabled kind, empty ones included. */
    Map<JfrProfileKind, PprofProto.Profile> cut(long startNanos, long endNanos) {
        Map<JfrProfileKind, ProfileBuilder> done;
        synchronized (this) {
            done = builders;
            builders = fresh();
        }
        Map<JfrProfileKind, PprofProto.Profile> profiles = new EnumMap<>(JfrProfileKind.class);
        done.forEach((kind, builder) -> profiles.put(kind, builder.build(startNanos, endNanos - startNanos)));
        return profiles;
    }

    private Map<JfrProfileKind, ProfileBuilder> fresh() {
        Map<JfrProfileKind, ProfileBuilder> map = new EnumMap<>(JfrProfileKind.class);
        for (JfrProfileKind kind : kinds) {
            map.put(kind, new ProfileBuilder(kind.sampleTypes(), kind.periodType(), periods.getOrDefault(kind, 1L)));
        }
        return map;
    }
}

package dev.pyrometer.bench.query;

import dev.pyrometer.profile.model.LabelSet;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each pod of the fleet scrapes and what it is called. Pod {@code k} of service {@code s}
 * scrapes once per {@code cadence}: round {@code r} lies in {@code [start + r·cadence, start + (r+1)·cadence)},
 * at a phase of its own (5–90 % into the slot, fixed per pod) plus a jitter per round, at µs
 * precision, so no two pods share a timestamp and nothing is aligned to minutes. Every
 * {@code deployEvery} (offset per service) a service is redeployed: its pods get new names and a new
 * {@code version}, so each deploy starts new series, as in a real fleet. Deterministic: the same
 * arguments give the same times and labels, which lets the go tool pprof comparison find the exact
 * payloads of a window.
 */
public final class FleetSchedule {
    private final long startMicros;
    private final long cadenceMicros;
    private final long deployEveryMicros;
    private final Map<Long, LabelSet> labels = new ConcurrentHashMap<>();

    public FleetSchedule(long startMicros, long cadenceMicros, long deployEveryMicros) {
        this.startMicros = startMicros;
        this.cadenceMicros = cadenceMicros;
        this.deployEveryMicros = deployEveryMicros;
    }

    public long startMicros() {
        return startMicros;
    }

    public long cadenceMicros() {
        return cadenceMicros;
    }

    /** The snapshot time of round {@code round} of pod {@code pod} of service {@code service}, µs since the epoch. */
    long timeMicros(int service, int pod, long round) {
        long phase = cadenceMicros / 10 + Math.floorMod(mix(service * 7919L + pod), cadenceMicros * 3 / 4);
        long jitter = Math.floorMod(mix((service * 7919L + pod) * 1_000_003L + round), cadenceMicros / 10) - cadenceMicros / 20;
        return startMicros + round * cadenceMicros + phase + jitter;
    }

    /** The series labels of that pod at {@code timeMicros}. */
    LabelSet labels(int service, int pod, long timeMicros) {
        long deploy = deployEveryMicros <= 0 ? 0
                : Math.floorDiv(timeMicros - startMicros + Math.floorMod(mix(service), deployEveryMicros), deployEveryMicros);
        long key = (deploy << 24) | ((long) service << 12) | pod;
        return labels.computeIfAbsent(key, k -> {
            String name = QueryFleet.serviceName(service);
            Map<String, String> pairs = new TreeMap<>();
            pairs.put(LabelSet.SERVICE_NAME, name);
            pairs.put("namespace", "prod");
            pairs.put("pod", String.format("%s-%08x-%d", name, mix(service * 31L + deploy) & 0xffffffffL, pod));
            pairs.put("version", "v1." + deploy);
            return LabelSet.of(pairs);
        });
    }

    /** SplitMix64's finalizer: a well-spread hash of a long. */
    static long mix(long x) {
        long z = x + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}

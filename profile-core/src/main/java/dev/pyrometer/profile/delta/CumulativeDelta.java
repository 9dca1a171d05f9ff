package dev.pyrometer.profile.delta;

import dev.pyrometer.protocol.pprof.PprofProto;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one stream of cumulative snapshots of one target (say, every scrape of {@code /allocs})
 * into deltas, keyed by stack and labels (see {@link SampleKeys}).
 *
 * <ul>
 *   <li>The first snapshot yields nothing ({@link DeltaResult.Kind#BASELINE}): its counts reach back
 *       to a process start at an unknown time.</li>
 *   <li>Each later one yields, per key, its value minus the previous snapshot's (keys with an
 *       unchanged value are left out), covering [previous time, this time]. This is exactly
 *       {@code go tool pprof -base previous this}.</li>
 *   <li>In {@link DeltaMode#RESTART_ON_DECREASE}, if any key's value fell or a key vanished, the
 *       process restarted since the previous snapshot. Everything the new process counted happened
 *       after that snapshot, so the result ({@link DeltaResult.Kind#RESTART}) is this snapshot's
 *       values, for the same window, and the baseline starts over from it (a Prometheus counter
 *       reset, read the same way). What the old process counted after the previous snapshot is lost.</li>
 *   <li>In {@link DeltaMode#CLAMP_AT_ZERO} a fall counts as 0.</li>
 *   <li>A change of sample types starts over with a new baseline.</li>
 * </ul>
 * Times: the result's time_nanos is the previous snapshot's time and duration_nanos the distance
 * to this one; a snapshot's time is its pprof time_nanos, or {@code observedNanos} when that is 0.
 * Not thread-safe.
 */
public final class CumulativeDelta {
    private final DeltaMode mode;
    /** Interned frames and labels; they only grow with the distinct frames of the target's code. */
    private SampleKeys keys = new SampleKeys();
    private Map<SampleKeys.Key, long[]> baseline;
    private List<String> baselineTypes;
    private long baselineNanos;

    public CumulativeDelta(DeltaMode mode) {
        this.mode = mode;
    }

    /**
     * The delta of one cumulative snapshot against the one before it, without keeping state:
     * {@link DeltaResult.Kind#BASELINE} (no profile) when their sample types differ, else a
     * delta or, when a counter fell in {@link DeltaMode#RESTART_ON_DECREASE}, a restart.
     */
    public static DeltaResult between(PprofProto.Profile previous, PprofProto.Profile current, DeltaMode mode) {
        CumulativeDelta delta = new CumulativeDelta(mode);
        delta.next(previous, 0);
        return delta.next(current, 0);
    }

    public DeltaResult next(PprofProto.Profile current, long observedNanos) {
        long now = current.getTimeNanos() != 0 ? current.getTimeNanos() : observedNanos;
        List<String> types = typeNames(current);
        SampleKeys.Resolver resolver = keys.resolver(current);
        Map<SampleKeys.Key, Aggregate> aggregated = new LinkedHashMap<>(current.getSampleCount() * 2);
        for (int i = 0; i < current.getSampleCount(); i++) {
            PprofProto.Sample sample = current.getSample(i);
            Aggregate aggregate = aggregated.computeIfAbsent(resolver.key(sample), k -> new Aggregate(types.size()));
            aggregate.add(i, sample);
        }

        Map<SampleKeys.Key, long[]> previous = baseline;
        boolean comparable = previous != null && types.equals(baselineTypes);
        boolean restart = comparable && mode == DeltaMode.RESTART_ON_DECREASE && decreased(previous, aggregated);
        long previousNanos = baselineNanos;

        Map<SampleKeys.Key, long[]> next = new HashMap<>(aggregated.size() * 2);
        aggregated.forEach((key, aggregate) -> next.put(key, aggregate.values));
        baseline = next;
        baselineTypes = types;
        baselineNanos = now;
        if (!comparable) {
            return new DeltaResult(DeltaResult.Kind.BASELINE, null);
        }

        List<ProfileRewriter.OutSample> samples = new ArrayList<>();
        aggregated.forEach((key, aggregate) -> {
            long[] before = restart ? null : previous.get(key);
            long[] delta = new long[types.size()];
            boolean any = false;
            for (int t = 0; t < delta.length; t++) {
                long value = aggregate.values[t] - (before == null ? 0 : before[t]);
                delta[t] = mode == DeltaMode.CLAMP_AT_ZERO ? Math.max(0, value) : value;
                any |= delta[t] != 0;
            }
            if (any) {
                samples.add(new ProfileRewriter.OutSample(aggregate.firstSample, delta));
            }
        });
        int[] allTypes = new int[types.size()];
        for (int t = 0; t < allTypes.length; t++) {
            allTypes[t] = t;
        }
        PprofProto.Profile delta = ProfileRewriter.rewrite(current, allTypes, samples, previousNanos, Math.max(0, now - previousNanos));
        return new DeltaResult(restart ? DeltaResult.Kind.RESTART : DeltaResult.Kind.DELTA, delta);
    }

    /** Forgets the baseline: the next snapshot yields nothing. */
    public void reset() {
        keys = new SampleKeys();
        baseline = null;
        baselineTypes = null;
    }

    private static boolean decreased(Map<SampleKeys.Key, long[]> previous, Map<SampleKeys.Key, Aggregate> current) {
        for (Map.Entry<SampleKeys.Key, long[]> entry : previous.entrySet()) {
            Aggregate now = current.get(entry.getKey());
            long[] before = entry.getValue();
            for (int t = 0; t < before.length; t++) {
                long value = now == null ? 0 : now.values[t];
                if (value < before[t]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> typeNames(PprofProto.Profile profile) {
        List<String> names = new ArrayList<>(profile.getSampleTypeCount());
        for (PprofProto.ValueType type : profile.getSampleTypeList()) {
            names.add(profile.getStringTable((int) type.getType()) + "/" + profile.getStringTable((int) type.getUnit()));
        }
        return names;
    }

    /** The summed values of the samples sharing one key, and the first of them (whose stack the output uses). */
    private static final class Aggregate {
        final long[] values;
        int firstSample = -1;

        Aggregate(int types) {
            values = new long[types];
        }

        void add(int index, PprofProto.Sample sample) {
            if (firstSample < 0) {
                firstSample = index;
            }
            for (int t = 0; t < values.length && t < sample.getValueCount(); t++) {
                values[t] += sample.getValue(t);
            }
        }
    }
}

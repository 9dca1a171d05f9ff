package dev.pyrometer.profile.buckets;

import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.top.FunctionTotals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Values per metric per time bucket, for one series or a sum of series. A bucket's value is, for
 * summed types, the bucket's sum; for averaged types (inuse, goroutine), the mean over the series'
 * snapshots in the bucket (and, for a sum of series, the sum of those means). Values are in the
 * profile type's sample unit, not rounded. Buckets without data are absent; a metric absent from a
 * present bucket is 0 there.
 */
public final class BucketMatrix {
    private final long[] starts;
    private final double[] seconds;
    private final double[] totals;
    private final Map<Metric, double[]> values;
    private final Map<String, Integer> rootDepth;

    private BucketMatrix(long[] starts, double[] seconds, double[] totals, Map<Metric, double[]> values, Map<String, Integer> rootDepth) {
        this.starts = starts;
        this.seconds = seconds;
        this.totals = totals;
        this.values = values;
        this.rootDepth = rootDepth;
    }

    /**
     * The matrix of one series.
     *
     * @param buckets   the series' buckets, ascending by start, starts distinct
     * @param functions whether to compute {@link Metric.Kind#FLAT} and {@link Metric.Kind#CUM} metrics
     * @param stacks    whether to compute {@link Metric.Kind#STACK} metrics
     */
    public static BucketMatrix of(Aggregation aggregation, List<SeriesBucket> buckets, boolean functions, boolean stacks) {
        int n = buckets.size();
        long[] starts = new long[n];
        double[] seconds = new double[n];
        double[] totals = new double[n];
        Map<Metric, double[]> values = new LinkedHashMap<>();
        Map<String, Integer> rootDepth = new HashMap<>();
        for (int b = 0; b < n; b++) {
            SeriesBucket bucket = buckets.get(b);
            if (b > 0 && bucket.startMillis() <= starts[b - 1]) {
                throw new IllegalArgumentException("buckets must be ascending by start");
            }
            starts[b] = bucket.startMillis();
            seconds[b] = bucket.seconds();
            double scale = aggregation == Aggregation.AVERAGE ? 1.0 / bucket.snapshots() : 1.0;
            SeriesProfile profile = bucket.profile();
            totals[b] = profile.total() * scale;
            if (functions) {
                for (FunctionTotals.Row row : FunctionTotals.of(List.of(profile)).rows()) {
                    if (row.flat() != 0) {
                        values.computeIfAbsent(Metric.flat(row.function()), k -> new double[n])[b] += row.flat() * scale;
                    }
                    values.computeIfAbsent(Metric.cum(row.function()), k -> new double[n])[b] += row.cum() * scale;
                }
            }
            for (int i = 0; i < profile.stackCount(); i++) {
                int[] stack = profile.stacks()[i];
                List<String> rootFirst = new ArrayList<>(stack.length);
                for (int depth = stack.length - 1; depth >= 0; depth--) {
                    String function = profile.frames().get(stack[depth]).function();
                    rootFirst.add(function);
                    rootDepth.merge(function, stack.length - 1 - depth, Math::min);
                }
                if (stacks && profile.values()[i] != 0) {
                    values.computeIfAbsent(Metric.stack(rootFirst), k -> new double[n])[b] += profile.values()[i] * scale;
                }
            }
        }
        return new BucketMatrix(starts, seconds, totals, values, rootDepth);
    }

    /** The sum of several matrices over the union of their buckets; a bucket's seconds are the largest any part covers. */
    public static BucketMatrix sum(List<BucketMatrix> parts) {
        TreeMap<Long, Integer> index = new TreeMap<>();
        parts.forEach(part -> {
            for (long start : part.starts) {
                index.put(start, 0);
            }
        });
        int n = 0;
        for (Map.Entry<Long, Integer> entry : index.entrySet()) {
            entry.setValue(n++);
        }
        long[] starts = index.keySet().stream().mapToLong(Long::longValue).toArray();
        double[] seconds = new double[n];
        double[] totals = new double[n];
        Map<Metric, double[]> values = new LinkedHashMap<>();
        Map<String, Integer> rootDepth = new HashMap<>();
        int size = n;
        for (BucketMatrix part : parts) {
            int[] at = new int[part.starts.length];
            for (int b = 0; b < at.length; b++) {
                at[b] = index.get(part.starts[b]);
                seconds[at[b]] = Math.max(seconds[at[b]], part.seconds[b]);
                totals[at[b]] += part.totals[b];
            }
            part.values.forEach((metric, row) -> {
                double[] target = values.computeIfAbsent(metric, k -> new double[size]);
                for (int b = 0; b < row.length; b++) {
                    target[at[b]] += row[b];
                }
            });
            part.rootDepth.forEach((function, depth) -> rootDepth.merge(function, depth, Math::min));
        }
        return new BucketMatrix(starts, seconds, totals, values, rootDepth);
    }

    /** Number of buckets with data. */
    public int size() {
        return starts.length;
    }

    /** Bucket starts, ms since the epoch, ascending. Do not modify. */
    public long[] starts() {
        return starts;
    }

    /** Seconds of each bucket inside the window. Do not modify. */
    public double[] seconds() {
        return seconds;
    }

    /** Each bucket's total over all stacks, frameless ones included. Do not modify. */
    public double[] totals() {
        return totals;
    }

    /** The metrics with a non-zero value in some bucket, in first-seen order. */
    public Map<Metric, double[]> values() {
        return values;
    }

    /** A metric's values per bucket; zeros when absent. */
    public double[] values(Metric metric) {
        double[] row = values.get(metric);
        return row != null ? row : new double[starts.length];
    }

    /** The smallest distance from the root (0 = root frame) at which {@code function} appears; MAX_VALUE when never. */
    public int rootDepth(String function) {
        return rootDepth.getOrDefault(function, Integer.MAX_VALUE);
    }
}

package dev.pyrometer.query.api;

import dev.pyrometer.profile.model.Aggregation;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.storage.query.SeriesTimeline;

import java.util.List;

/**
 * A timeline line's values from its series' per-step sums. A step is {@code [start + k·step,
 * start + (k+1)·step)}, the last one cut at the window's end.
 */
final class TimelineRates {
    private TimelineRates() {
    }

    /**
     * Cumulative types: per step, the series' spread values added, divided by the step's length in
     * seconds, so a snapshot of 9 s that covers 5 s of one step and 4 s of the next adds 5/9 and 4/9 of
     * its total to them. Null where no snapshot covers the step.
     */
    static Double[] rates(List<SeriesTimeline> timelines, int points, long startMicros, long stepMicros, long toMicros) {
        Double[] values = new Double[points];
        double[] sums = new double[points];
        for (SeriesTimeline timeline : timelines) {
            for (int k = 0; k < points && k < timeline.spread().length; k++) {
                if (timeline.covering()[k] > 0) {
                    sums[k] += timeline.spread()[k];
                    values[k] = 0.0;
                }
            }
        }
        for (int k = 0; k < points; k++) {
            if (values[k] != null) {
                long stepStart = startMicros + k * stepMicros;
                long length = Math.min(stepStart + stepMicros, toMicros) - stepStart;
                values[k] = sums[k] * 1_000_000.0 / length;
            }
        }
        return values;
    }

    /** Instant types: per step, each series' mean over its snapshots dated in the step, added over the series. Null where none has one. */
    static Double[] averages(List<SeriesTimeline> timelines, int points) {
        Double[] values = new Double[points];
        for (SeriesTimeline timeline : timelines) {
            for (int k = 0; k < points && k < timeline.totals().length; k++) {
                int snapshots = timeline.snapshots()[k];
                if (snapshots > 0) {
                    double mean = (double) timeline.totals()[k] / snapshots;
                    values[k] = values[k] == null ? mean : values[k] + mean;
                }
            }
        }
        return values;
    }

    /** What a value is in: "{unit} per second" for cumulative types (ns per second are CPU cores), "average {unit}" for instant ones. */
    static String valueUnit(ProfileType type) {
        return type.aggregation() == Aggregation.AVERAGE ? "average " + type.sampleUnit() : type.sampleUnit() + " per second";
    }
}

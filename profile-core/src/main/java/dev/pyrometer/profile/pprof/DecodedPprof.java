package dev.pyrometer.profile.pprof;

import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;

import java.util.List;

/**
 * A validated pprof in compact form: every reference resolved, every Location expanded into
 * frames (inlined calls first, as {@code go tool pprof} shows them).
 *
 * @param sampleTypes       what each value of a sample measures, in pprof order
 * @param periodType        the period's type and unit; "" when the pprof has none
 * @param period            events between samples, in the period unit
 * @param timeNanos         collection time, ns since the epoch; 0 when absent
 * @param durationNanos     collection duration in ns; 0 when absent
 * @param defaultSampleType the preferred sample type's name; "" when unset
 * @param frames            the frames the samples' stacks index
 * @param samples           the samples in pprof order
 */
public record DecodedPprof(
        List<ValueType> sampleTypes,
        ValueType periodType,
        long period,
        long timeNanos,
        long durationNanos,
        String defaultSampleType,
        FrameTable frames,
        List<Sample> samples) {

    /** A pprof ValueType with its strings resolved. */
    public record ValueType(String type, String unit) {
        public static final ValueType NONE = new ValueType("", "");
    }

    /**
     * One pprof sample.
     *
     * @param stack  frame indexes, leaf first
     * @param values one value per sample type
     * @param labels the sample's string labels; numeric labels are not kept
     */
    public record Sample(int[] stack, long[] values, LabelSet labels) {
    }
}

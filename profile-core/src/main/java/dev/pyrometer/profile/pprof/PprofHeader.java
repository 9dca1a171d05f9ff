package dev.pyrometer.profile.pprof;

/**
 * The singular fields of a pprof Profile message, as raw wire values (string indexes unresolved).
 * A field sent twice keeps its last value; a period_type sent twice is merged field by field,
 * as protobuf parsers do.
 */
record PprofHeader(
        long dropFrames,
        long keepFrames,
        long timeNanos,
        long durationNanos,
        boolean hasPeriodType,
        long periodTypeType,
        long periodTypeUnit,
        long period,
        long defaultSampleType,
        long docUrl) {
}

package dev.pyrometer.profile.jfr;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.pprof.BoundedGunzip;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts a JFR recording as Pyroscope's Java agent uploads it (async-profiler's JFR, gzipped or
 * plain, with an optional LabelsSnapshot) into pprof profiles, mapped and named as Pyroscope maps
 * them (see {@link JfrSampleKind}): one profile per (kind, dynamic label set). Every chunk is read
 * by {@link JfrChunkReader} straight from the bytes; memory is bounded by {@link ProfileLimits}
 * (the inflated recording by maxDecompressedBytes, pools and output tables by the count limits)
 * and anything malformed is an {@link InvalidProfileException} naming the problem.
 */
public final class JfrConverter {
    /** async-profiler's default sampling interval, used when neither the request nor the recording gives one. */
    static final long DEFAULT_PERIOD_NANOS = 10_000_000L;

    private final ProfileLimits limits;

    public JfrConverter(ProfileLimits limits) {
        this.limits = limits;
    }

    /**
     * @param jfr            the recording, gzipped or plain, at most maxDecompressedBytes inflated
     * @param labelsSnapshot the LabelsSnapshot part, gzipped or plain, or null
     * @param sampleRateHz   the request's sampleRate; CPU and wall samples weigh 1e9 / sampleRateHz ns.
     *                       0 or less: the recording's {@code interval} setting, else 10 ms
     */
    public List<JfrProfile> convert(byte[] jfr, byte[] labelsSnapshot, long sampleRateHz) throws InvalidProfileException {
        if (jfr == null || jfr.length == 0) {
            throw new InvalidProfileException(Problem.NOT_JFR, "JFR recording is empty");
        }
        if (jfr.length > limits.maxCompressedBytes()) {
            throw new InvalidProfileException(Problem.COMPRESSED_TOO_LARGE,
                    "JFR recording is " + jfr.length + " bytes, over the limit of " + limits.maxCompressedBytes());
        }
        byte[] data = BoundedGunzip.inflate(jfr, limits.maxDecompressedBytes());
        if (data.length > limits.maxDecompressedBytes()) {
            throw new InvalidProfileException(Problem.DECOMPRESSED_TOO_LARGE,
                    "JFR recording is " + data.length + " bytes, over the limit of " + limits.maxDecompressedBytes());
        }
        Output output = new Output(JfrLabels.parse(labelsSnapshot, limits), new JfrBudget(limits), sampleRateHz);
        int offset = 0;
        while (offset < data.length) {
            offset = new JfrChunkReader(data, offset, limits, output).read();
        }
        return output.profiles();
    }

    /** The profiles being built, one builder per (kind, labels), shared by all chunks. */
    static final class Output {
        private record Key(JfrSampleKind kind, LabelSet labels) {
        }

        private final JfrLabels labels;
        private final JfrBudget budget;
        private final long sampleRateHz;
        private final Map<Key, JfrPprofBuilder> builders = new LinkedHashMap<>();

        Output(JfrLabels labels, JfrBudget budget, long sampleRateHz) {
            this.labels = labels;
            this.budget = budget;
            this.sampleRateHz = sampleRateHz;
        }

        /** Nanoseconds per CPU or wall sample, given the recording's interval setting (ns) or 0. */
        long period(long intervalSettingNanos) {
            if (sampleRateHz > 0) {
                return 1_000_000_000L / sampleRateHz;
            }
            return intervalSettingNanos > 0 ? intervalSettingNanos : DEFAULT_PERIOD_NANOS;
        }

        void newChunk() {
            builders.values().forEach(JfrPprofBuilder::newChunk);
        }

        JfrPprofBuilder builder(JfrSampleKind kind, long contextId, long timeNanos, long durationNanos, long period)
                throws InvalidProfileException {
            Key key = new Key(kind, labels.forContext(contextId));
            JfrPprofBuilder builder = builders.get(key);
            if (builder == null) {
                builder = new JfrPprofBuilder(kind, budget, timeNanos, durationNanos, period);
                builders.put(key, builder);
            }
            return builder;
        }

        List<JfrProfile> profiles() {
            List<JfrProfile> result = new ArrayList<>(builders.size());
            builders.forEach((key, builder) -> result.add(new JfrProfile(key.kind().profileName(), key.labels(), builder.build())));
            return result;
        }
    }
}

package dev.pyrometer.profile.series;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;
import dev.pyrometer.profile.pprof.DecodedPprof;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.profile.validation.SeriesLabelRules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one decoded upload into series profiles: one per sample type and per distinct set of
 * pprof sample string labels, which join the sender's labels (the sender's value wins on a clash;
 * names are made label-safe). Samples sharing a stack are summed and zero values dropped; a series
 * whose values are all zero is kept, empty, because it still counts as a snapshot.
 *
 * <p>An upload may split into at most {@code maxSeries} series (distinct label sets × sample
 * types): pprof labels with a value per request would otherwise make one upload create hundreds of
 * thousands of series. The count is checked while grouping, before any series is built.
 */
public final class SeriesSplitter {
    /** Far above real profiles (Go's heap profile: 4 sample types × a few label sets). */
    public static final int DEFAULT_MAX_SERIES_PER_UPLOAD = 1024;

    private final SeriesLabelRules labelRules;
    private final int maxSeries;

    public SeriesSplitter(SeriesLabelRules labelRules) {
        this(labelRules, DEFAULT_MAX_SERIES_PER_UPLOAD);
    }

    public SeriesSplitter(SeriesLabelRules labelRules, int maxSeries) {
        this.labelRules = labelRules;
        this.maxSeries = maxSeries;
    }

    public List<SeriesProfile> split(DecodedPprof pprof, UploadContext upload) throws InvalidProfileException {
        long timeNanos = upload.startNanos() != 0 ? upload.startNanos()
                : pprof.timeNanos() != 0 ? pprof.timeNanos() : upload.receivedNanos();
        long durationNanos = upload.startNanos() != 0 && upload.endNanos() > upload.startNanos()
                ? upload.endNanos() - upload.startNanos() : Math.max(0, pprof.durationNanos());

        // Grouped by the series labels they end up with, so that two pprof label sets that become
        // one series (the sender's value won a clash) are summed into one profile, not two.
        Map<LabelSet, LabelSet> seriesLabels = new HashMap<>();
        Map<LabelSet, List<DecodedPprof.Sample>> byLabels = new LinkedHashMap<>();
        int types = Math.max(1, pprof.sampleTypes().size());
        for (DecodedPprof.Sample sample : pprof.samples()) {
            LabelSet labels = seriesLabels.computeIfAbsent(sample.labels(), own -> upload.labels().merge(labelSafe(own)));
            byLabels.computeIfAbsent(labels, k -> new ArrayList<>()).add(sample);
            if ((long) byLabels.size() * types > maxSeries) {
                throw new InvalidProfileException(Problem.TOO_MANY_SERIES, "profile splits into more than " + maxSeries
                        + " series (" + byLabels.size() + " distinct label sets so far × " + types
                        + " sample types); pprof labels must not carry per-request values");
            }
        }
        if (byLabels.isEmpty()) {
            byLabels.put(upload.labels(), List.of());
        }

        List<SeriesProfile> result = new ArrayList<>();
        for (Map.Entry<LabelSet, List<DecodedPprof.Sample>> group : byLabels.entrySet()) {
            LabelSet labels = group.getKey();
            labelRules.check(labels);
            for (int type = 0; type < pprof.sampleTypes().size(); type++) {
                ProfileType profileType = ProfileTypeNamer.name(pprof, type, upload.profileName());
                result.add(sumByStack(pprof, group.getValue(), type, profileType, labels, timeNanos, durationNanos));
            }
        }
        return result;
    }

    private static SeriesProfile sumByStack(DecodedPprof pprof, List<DecodedPprof.Sample> samples, int type,
                                            ProfileType profileType, LabelSet labels, long timeNanos, long durationNanos) {
        Map<StackKey, Integer> slots = new HashMap<>();
        List<int[]> stacks = new ArrayList<>();
        long[] values = new long[Math.max(4, samples.size())];
        for (DecodedPprof.Sample sample : samples) {
            long value = sample.values()[type];
            if (value == 0) {
                continue;
            }
            Integer slot = slots.putIfAbsent(new StackKey(sample.stack()), stacks.size());
            if (slot == null) {
                slot = stacks.size();
                stacks.add(sample.stack());
            }
            values[slot] += value;
        }
        int kept = 0;
        for (int i = 0; i < stacks.size(); i++) {
            if (values[i] != 0) {
                stacks.set(kept, stacks.get(i));
                values[kept++] = values[i];
            }
        }
        return new SeriesProfile(profileType, labels, timeNanos, durationNanos, pprof.period(), pprof.frames(),
                stacks.subList(0, kept).toArray(new int[0][]), Arrays.copyOf(values, kept));
    }

    /** pprof label keys are free text; series label names are identifiers. */
    private static LabelSet labelSafe(LabelSet sampleLabels) {
        if (sampleLabels.size() == 0) {
            return sampleLabels;
        }
        Map<String, String> safe = new HashMap<>();
        sampleLabels.labels().forEach(label -> safe.put(safeName(label.name()), label.value()));
        return LabelSet.of(safe);
    }

    private static String safeName(String name) {
        StringBuilder safe = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && (c == '.' || (c >= '0' && c <= '9')));
            safe.append(ok ? c : '_');
        }
        if (safe.length() == 0 || safe.toString().startsWith("__")) {
            safe.insert(0, 'l');
        }
        return safe.toString();
    }

    private record StackKey(int[] frames) {
        @Override
        public boolean equals(Object other) {
            return other instanceof StackKey key && Arrays.equals(frames, key.frames);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(frames);
        }
    }
}

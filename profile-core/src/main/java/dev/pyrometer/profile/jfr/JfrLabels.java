package dev.pyrometer.profile.jfr;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.pprof.BoundedGunzip;
import dev.pyrometer.profile.validation.InvalidProfileException;
import dev.pyrometer.profile.validation.ProfileLimits;
import dev.pyrometer.profile.validation.Problem;
import dev.pyrometer.protocol.pyroscope.javaagent.Context;
import dev.pyrometer.protocol.pyroscope.javaagent.LabelsSnapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dynamic labels of a Pyroscope Java upload: its LabelsSnapshot part (gzipped or plain),
 * resolved per context id on first use. Context 0, and a context the snapshot does not hold,
 * carry no labels, as Pyroscope treats them.
 */
final class JfrLabels {
    private final LabelsSnapshot snapshot;
    private final ProfileLimits limits;
    private final Map<Long, LabelSet> resolved = new HashMap<>();

    private JfrLabels(LabelsSnapshot snapshot, ProfileLimits limits) {
        this.snapshot = snapshot;
        this.limits = limits;
    }

    /** Parses a snapshot; null or empty bytes give no labels. */
    static JfrLabels parse(byte[] bytes, ProfileLimits limits) throws InvalidProfileException {
        if (bytes == null || bytes.length == 0) {
            return new JfrLabels(LabelsSnapshot.getDefaultInstance(), limits);
        }
        byte[] plain = BoundedGunzip.inflate(bytes, limits.maxDecompressedBytes());
        try {
            return new JfrLabels(LabelsSnapshot.parseFrom(plain), limits);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidProfileException(Problem.MALFORMED, "labels part is not a LabelsSnapshot protobuf: " + e.getMessage(), e);
        }
    }

    LabelSet forContext(long contextId) throws InvalidProfileException {
        if (contextId == 0) {
            return LabelSet.EMPTY;
        }
        LabelSet labels = resolved.get(contextId);
        if (labels == null) {
            labels = resolve(snapshot.getContextsMap().get(contextId));
            resolved.put(contextId, labels);
        }
        return labels;
    }

    private LabelSet resolve(Context context) throws InvalidProfileException {
        if (context == null) {
            return LabelSet.EMPTY;
        }
        if (context.getLabelsCount() > limits.maxLabelsPerSeries()) {
            throw new InvalidProfileException(Problem.TOO_MANY_LABELS, "labels context has " + context.getLabelsCount()
                    + " labels, over the limit of " + limits.maxLabelsPerSeries());
        }
        TreeMap<String, String> pairs = new TreeMap<>();
        for (Map.Entry<Long, Long> label : context.getLabelsMap().entrySet()) {
            pairs.put(string(label.getKey()), string(label.getValue()));
        }
        return LabelSet.of(pairs);
    }

    private String string(long id) throws InvalidProfileException {
        String s = snapshot.getStringsMap().get(id);
        if (s == null) {
            throw new InvalidProfileException(Problem.DANGLING_REFERENCE, "labels context refers to string " + id + ", which the snapshot lacks");
        }
        return s;
    }
}

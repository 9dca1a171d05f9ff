package dev.pyrometer.profile.merge;

import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;


/**
 * The non-sample fields of a merge, combined as {@code pprof}'s merge combines them: one profile type for
 * all inputs (checked on every input), the earliest non-zero time, the sum of the durations, the largest
 * period; the labels are those every input has with the same value (so merging the pods of one service
 * keeps {@code service_name}). Not thread-safe.
 */
final class ProfileHeader {
    private final ProfileType type;
    private LabelSet labels;
    private long timeNanos;
    private long durationNanos;
    private long period;

    ProfileHeader(ProfileType type) {
        this.type = type;
    }

    /** Throws {@link IllegalArgumentException} naming both types when {@code profile} is not of this merge's type. */
    void add(SeriesProfile profile) {
        requireType(type, profile.type());
        labels = labels == null ? profile.labels() : labels.common(profile.labels());
        if (profile.timeNanos() != 0 && (timeNanos == 0 || profile.timeNanos() < timeNanos)) {
            timeNanos = profile.timeNanos();
        }
        durationNanos += profile.durationNanos();
        period = Math.max(period, profile.period());
    }

    ProfileType type() {
        return type;
    }

    LabelSet labels() {
        return labels == null ? LabelSet.EMPTY : labels;
    }

    long timeNanos() {
        return timeNanos;
    }

    long durationNanos() {
        return durationNanos;
    }

    long period() {
        return period;
    }

    static void requireType(ProfileType expected, ProfileType actual) {
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException("cannot merge profiles of different types: " + expected + " and " + actual);
        }
    }
}

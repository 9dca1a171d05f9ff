package dev.pyrometer.profile.merge;

import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;

import java.util.Collection;
import java.util.Objects;

/**
 * Sums profiles of one type into one profile keyed by resolved frames: inputs may each have their own
 * {@link dev.pyrometer.profile.model.FrameTable} (or share one, which is cheapest), and stacks with equal
 * frames add up. Stacks whose sum is 0 are left out; frameless stacks are kept (they count in the total).
 * Header fields combine as described in {@link ProfileHeader}: earliest time, summed durations, largest
 * period, the labels all inputs share. The result has a fresh frame table; stacks are in first-seen order,
 * so equal inputs in equal order give equal output.
 *
 * <p>Use it incrementally ({@link #add} as rows arrive, then {@link #result}) or through {@link #merge}.
 * A per-stack sum that overflows a long throws {@link ArithmeticException} rather than wrapping. Not thread-safe.
 */
public final class ProfileMerger {
    private final ProfileHeader header;
    private final StackIndex stacks = new StackIndex();
    private final LongColumn values = new LongColumn();

    /** A merge of profiles of {@code type}; with no input its result is an empty profile of that type. */
    public ProfileMerger(ProfileType type) {
        this.header = new ProfileHeader(Objects.requireNonNull(type, "type"));
    }

    /**
     * Adds every stack of {@code profile}.
     *
     * @throws IllegalArgumentException naming both types when {@code profile} is of another type; nothing is added then
     */
    public ProfileMerger add(SeriesProfile profile) {
        header.add(profile);
        stacks.addValues(profile, values);
        return this;
    }

    /** The sum of everything added so far; the merger may go on accumulating afterwards. */
    public SeriesProfile result() {
        return stacks.toProfile(header, values::get);
    }

    /**
     * Merges {@code profiles}, which must not be empty. All types are checked before any work is done.
     *
     * @throws IllegalArgumentException when there is nothing to merge, or naming two clashing types
     */
    public static SeriesProfile merge(Collection<SeriesProfile> profiles) {
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("no profiles to merge");
        }
        ProfileType type = profiles.iterator().next().type();
        profiles.forEach(profile -> ProfileHeader.requireType(type, profile.type()));
        ProfileMerger merger = new ProfileMerger(type);
        profiles.forEach(merger::add);
        return merger.result();
    }
}

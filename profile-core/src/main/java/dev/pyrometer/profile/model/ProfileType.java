package dev.pyrometer.profile.model;

import java.util.Objects;

/**
 * A profile type as Pyroscope and Grafana name it: {@code name:sample_type:sample_unit:period_type:period_unit},
 * for example {@code process_cpu:cpu:nanoseconds:cpu:nanoseconds}. No part is empty or contains ':'.
 */
public record ProfileType(String name, String sampleType, String sampleUnit, String periodType, String periodUnit) {

    public ProfileType {
        requirePart("name", name);
        requirePart("sample type", sampleType);
        requirePart("sample unit", sampleUnit);
        requirePart("period type", periodType);
        requirePart("period unit", periodUnit);
    }

    /** Parses the five-part id; throws {@link IllegalArgumentException} naming what is wrong. */
    public static ProfileType parse(String id) {
        String[] parts = id.split(":", -1);
        if (parts.length != 5) {
            throw new IllegalArgumentException("profile type '" + id
                    + "' must have five ':'-separated parts: name:sample_type:sample_unit:period_type:period_unit");
        }
        return new ProfileType(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    public String id() {
        return name + ':' + sampleType + ':' + sampleUnit + ':' + periodType + ':' + periodUnit;
    }

    /** Instant types (in-use memory, goroutines) are averaged over a window; everything else is summed. */
    public Aggregation aggregation() {
        boolean instant = sampleType.startsWith("inuse_") || sampleType.equals("goroutine") || sampleType.equals("goroutines");
        return instant ? Aggregation.AVERAGE : Aggregation.SUM;
    }

    @Override
    public String toString() {
        return id();
    }

    private static void requirePart(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException("profile type " + what + " '" + value + "' must be non-empty and contain no ':'");
        }
    }
}

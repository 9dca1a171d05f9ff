package dev.pyrometer.query.pyroscope;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.protocol.pyroscope.querier.v1.Level;

import java.util.List;
import java.util.Map;

/**
 * The JSON that Pyroscope's {@code /pyroscope/render} and {@code /render-diff} answer (its flamebearer profile,
 * version 1): levels of 4 numbers per node ({@code single}) or 7 ({@code double}, with {@code leftTicks} and
 * {@code rightTicks}). {@code groups} and {@code heatmap} are always null here.
 */
record FlamebearerProfile(int version, Flamebearer flamebearer, Metadata metadata, Timeline timeline, Map<String, Timeline> groups,
                          Object heatmap, @JsonInclude(JsonInclude.Include.NON_NULL) Long leftTicks,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Long rightTicks) {

    record Flamebearer(List<String> names, List<List<Long>> levels, long numTicks, long maxSelf) {
        static List<List<Long>> levels(List<Level> levels) {
            return levels.stream().map(Level::getValuesList).toList();
        }
    }

    /**
     * {@code units} and {@code sampleRate} as Pyroscope derives them from the type: cpu is "samples" at 10⁹ per
     * second (the values are nanoseconds), the object and goroutine counts "objects", anything else its sample unit
     * at a rate of 100; {@code name} is the sample type.
     */
    record Metadata(String format, String spyName, long sampleRate, String units, String name) {
        static Metadata of(ProfileType type, String format) {
            String units = switch (type.sampleType()) {
                case "inuse_objects", "alloc_objects", "goroutine", "samples" -> "objects";
                case "cpu" -> "samples";
                default -> type.sampleUnit();
            };
            long sampleRate = type.sampleType().equals("cpu") ? 1_000_000_000L : 100;
            return new Metadata(format, "", sampleRate, units, type.sampleType());
        }
    }

    /** One value per step of {@code durationDelta} seconds from {@code startTime} (Unix seconds); a step without data is 0. */
    record Timeline(long startTime, long[] samples, long durationDelta, Map<Integer, Long> watermarks) {
    }
}

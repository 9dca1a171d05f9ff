package dev.pyrometer.ingest.pyroscope;

import dev.pyrometer.ingest.pipeline.ProfileNaming;
import dev.pyrometer.profile.pprof.DecodedPprof;

import java.util.Map;

/**
 * The profile name (Pyroscope's {@code __name__}) of a pprof pushed to Pyroscope's {@code /ingest},
 * derived from its sample types as Pyroscope's server derives it: a sample type {@code wall} makes
 * it {@code wall}; otherwise the first sample type whose display name (from
 * {@code sample_type_config}, or Pyroscope's defaults when the request sends none: samples → cpu,
 * goroutine → goroutines, contentions → mutex_count, delay → mutex_duration) contains {@code cpu}
 * is {@code process_cpu}; {@code alloc_}, {@code inuse_}, or exactly {@code space} or
 * {@code objects}: {@code memory}; {@code mutex_}: {@code mutex}; {@code block_}: {@code block};
 * {@code goroutines}: {@code goroutines}. When none matches, the period type decides.
 */
final class PyroscopeProfileName implements ProfileNaming {
    static final Map<String, String> DEFAULT_DISPLAY_NAMES = Map.of("samples", "cpu", "goroutine", "goroutines",
            "contentions", "mutex_count", "delay", "mutex_duration");

    private final Map<String, String> displayNames;

    /** @param displayNames sample type → display name; null for Pyroscope's defaults */
    PyroscopeProfileName(Map<String, String> displayNames) {
        this.displayNames = displayNames == null ? DEFAULT_DISPLAY_NAMES : displayNames;
    }

    @Override
    public String nameOf(DecodedPprof pprof) {
        for (DecodedPprof.ValueType type : pprof.sampleTypes()) {
            if (type.type().equals("wall")) {
                return "wall";
            }
        }
        for (DecodedPprof.ValueType type : pprof.sampleTypes()) {
            String name = displayNames.getOrDefault(type.type(), type.type());
            if (name.contains("cpu")) {
                return "process_cpu";
            }
            if (name.contains("alloc_") || name.contains("inuse_") || name.equals("space") || name.equals("objects")) {
                return "memory";
            }
            if (name.contains("mutex_")) {
                return "mutex";
            }
            if (name.contains("block_")) {
                return "block";
            }
            if (name.contains("goroutines")) {
                return "goroutines";
            }
        }
        return null;
    }
}

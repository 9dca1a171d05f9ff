package dev.pyrometer.profile.series;

import dev.pyrometer.profile.model.ProfileType;

import java.util.List;
import java.util.Map;

/**
 * Pyroscope's application names, {@code <service>.<suffix>} (e.g. {@code checkout.cpu},
 * {@code checkout.alloc_objects}), as its SDKs send them to {@code /ingest} and its users type them in
 * {@code /render?query=}: the part before the last '.' is the {@code service_name}, the suffix names the
 * profile type. The one mapping both the ingest and the query side use. A name whose last part is not a
 * known suffix (or that has no '.') is all service name, with suffix {@value #DEFAULT_SUFFIX}, as
 * Pyroscope reads a name without one.
 *
 * <p>{@link #profileTypes()} lists the types the suffix can stand for, the one written by the collapsed
 * text formats (folded, lines) with a sample rate first: a suffix names one kind of data, but pprof and JFR
 * uploads bring their own sample types (cpu in nanoseconds or in samples, JFR's mutex or block locks).
 */
public record PyroscopeAppName(String service, String suffix) {
    public static final String DEFAULT_SUFFIX = "cpu";

    private static final ProfileType CPU = type("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    private static final ProfileType CPU_SAMPLES = type("process_cpu:samples:count:cpu:nanoseconds");

    /** Suffix → types it names, the first being what text formats store. */
    private static final Map<String, List<ProfileType>> TYPES = Map.ofEntries(
            Map.entry("cpu", List.of(CPU, CPU_SAMPLES)),
            Map.entry("itimer", List.of(CPU, CPU_SAMPLES)),
            Map.entry("wall", List.of(type("wall:wall:nanoseconds:cpu:nanoseconds"), type("wall:samples:count:cpu:nanoseconds"))),
            Map.entry("alloc_objects", List.of(type("memory:alloc_objects:count:space:bytes"))),
            Map.entry("alloc_space", List.of(type("memory:alloc_space:bytes:space:bytes"))),
            Map.entry("inuse_objects", List.of(type("memory:inuse_objects:count:space:bytes"))),
            Map.entry("inuse_space", List.of(type("memory:inuse_space:bytes:space:bytes"))),
            Map.entry("goroutines", List.of(type("goroutine:goroutine:count:goroutine:count"))),
            Map.entry("mutex_count", List.of(type("mutex:contentions:count:contentions:count"))),
            Map.entry("mutex_duration", List.of(type("mutex:delay:nanoseconds:contentions:count"))),
            Map.entry("block_count", List.of(type("block:contentions:count:contentions:count"))),
            Map.entry("block_duration", List.of(type("block:delay:nanoseconds:contentions:count"))),
            Map.entry("alloc_in_new_tlab_objects", List.of(type("memory:alloc_in_new_tlab_objects:count:space:bytes"))),
            Map.entry("alloc_in_new_tlab_bytes", List.of(type("memory:alloc_in_new_tlab_bytes:bytes:space:bytes"))),
            Map.entry("alloc_outside_tlab_objects", List.of(type("memory:alloc_outside_tlab_objects:count:space:bytes"))),
            Map.entry("alloc_outside_tlab_bytes", List.of(type("memory:alloc_outside_tlab_bytes:bytes:space:bytes"))),
            Map.entry("lock_count", List.of(type("mutex:contentions:count:mutex:count"), type("block:contentions:count:block:count"))),
            Map.entry("lock_duration", List.of(type("mutex:delay:nanoseconds:mutex:count"), type("block:delay:nanoseconds:block:count"))));

    /** Splits an application name (without its {@code {labels}} part). */
    public static PyroscopeAppName parse(String name) {
        int dot = name.lastIndexOf('.');
        if (dot > 0 && TYPES.containsKey(name.substring(dot + 1))) {
            return new PyroscopeAppName(name.substring(0, dot), name.substring(dot + 1));
        }
        return new PyroscopeAppName(name, DEFAULT_SUFFIX);
    }

    /** Whether {@code suffix} is one Pyroscope knows. */
    public static boolean isKnownSuffix(String suffix) {
        return TYPES.containsKey(suffix);
    }

    /** The profile types this name's suffix stands for, most likely first; never empty. */
    public List<ProfileType> profileTypes() {
        return TYPES.get(suffix);
    }

    private static ProfileType type(String id) {
        return ProfileType.parse(id);
    }
}

package dev.pyrometer.ingest.pyroscope;

import dev.pyrometer.ingest.pipeline.PushRefusal;
import dev.pyrometer.profile.folded.FoldedSampleType;

/**
 * What Pyroscope's server makes of the name of collapsed stacks (formats folded and lines): the part
 * after the last dot names the profile type ({@code app.cpu} → {@code process_cpu}, samples counted;
 * {@code app.alloc_objects} → {@code memory:alloc_objects:count}; a name without a dot is CPU), and
 * the rest is the application. For CPU and wall profiles with a sample rate, each count becomes
 * {@code 1e9 / sampleRate} nanoseconds with a {@code cpu:nanoseconds} period, as Pyroscope does. Other
 * types get the period type Go's profiles of the same kind carry (memory: {@code space:bytes}; mutex
 * and block: {@code contentions:count}; goroutine: {@code goroutine:count}).
 *
 * @param app         the application (service_name)
 * @param profileName the profile name (Pyroscope's {@code __name__})
 * @param sampleType  the pprof's one sample type
 */
public record CollapsedProfileType(String app, String profileName, FoldedSampleType sampleType) {

    /**
     * @param sampleRate samples per second; 0 for none
     * @throws PushRefusal INVALID for a suffix Pyroscope does not know
     */
    public static CollapsedProfileType of(String appName, long sampleRate) throws PushRefusal {
        int dot = appName.lastIndexOf('.');
        String suffix = dot < 0 ? "cpu" : appName.substring(dot + 1);
        String app = dot < 0 ? appName : appName.substring(0, dot);
        String[] type = switch (suffix) {
            case "cpu", "itimer" -> new String[] {"process_cpu", "samples", "count"};
            case "wall", "seconds", "nanoseconds", "microseconds", "milliseconds" -> new String[] {"wall", "samples", "count"};
            case "inuse_objects", "alloc_objects" -> new String[] {"memory", suffix, "count"};
            case "inuse_space", "alloc_space" -> new String[] {"memory", suffix, "bytes"};
            case "goroutines" -> new String[] {"goroutine", "goroutines", "count"};
            case "mutex_count" -> new String[] {"mutex", "contentions", "count"};
            case "mutex_duration" -> new String[] {"mutex", "delay", "nanoseconds"};
            case "block_count", "lock_count" -> new String[] {"block", "contentions", "count"};
            case "block_duration", "lock_duration" -> new String[] {"block", "delay", "nanoseconds"};
            case "alloc_in_new_tlab_objects", "alloc_outside_tlab_objects", "live" -> new String[] {"memory", suffix, "count"};
            case "alloc_in_new_tlab_bytes", "alloc_outside_tlab_bytes" -> new String[] {"memory", suffix, "bytes"};
            case "exceptions" -> new String[] {"exceptions", "samples", "count"};
            case "bytes" -> new String[] {"memory", "samples", "bytes"};
            default -> throw PushRefusal.invalid("name: unknown profile type '" + suffix + "' (the part of '" + appName
                    + "' after its last dot); use e.g. .cpu, .wall, .alloc_objects, .inuse_space, .mutex_count, .block_duration");
        };
        boolean timed = type[0].equals("process_cpu") || type[0].equals("wall");
        if (timed && sampleRate > 0) {
            long period = 1_000_000_000L / sampleRate;
            String sample = type[0].equals("wall") ? "wall" : "cpu";
            return new CollapsedProfileType(app, type[0],
                    new FoldedSampleType(sample, "nanoseconds", "cpu", "nanoseconds", period, Math.max(1, period)));
        }
        // Period types as Go's own profiles of the same kind carry them, so that both name one profile type.
        String[] period = switch (type[0]) {
            case "memory" -> new String[] {"space", "bytes"};
            case "mutex", "block" -> new String[] {"contentions", "count"};
            case "goroutine" -> new String[] {"goroutine", "count"};
            default -> new String[] {"", ""};
        };
        return new CollapsedProfileType(app, type[0], new FoldedSampleType(type[1], type[2], period[0], period[1], 0, 1));
    }
}

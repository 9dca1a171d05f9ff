package dev.pyrometer.profile.series;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.pprof.DecodedPprof;

/**
 * Names the profile types of a pprof as Pyroscope and Grafana name them. Go's endpoints map as
 * follows (by period type): cpu → {@code process_cpu}, space → {@code memory}, goroutine →
 * {@code goroutine}, threadcreate → {@code threadcreate}, contentions → {@code mutex} or
 * {@code block}. Mutex and block profiles have identical types, so a sender should name them;
 * unnamed, a contentions profile is {@code mutex} when a sample's leaf is an Unlock (where Go
 * records mutex contention) and {@code block} otherwise. Any other pprof is named after its
 * period type, or its first sample type when it has no period type.
 */
public final class ProfileTypeNamer {
    private ProfileTypeNamer() {
    }

    /** The type of sample type {@code index}; {@code explicitName} (nullable) overrides the inferred name. */
    public static ProfileType name(DecodedPprof pprof, int index, String explicitName) {
        DecodedPprof.ValueType sample = pprof.sampleTypes().get(index);
        DecodedPprof.ValueType period = pprof.periodType();
        String periodType = orElse(period.type(), sample.type());
        String periodUnit = orElse(period.unit(), sample.unit());
        String name = explicitName != null && !explicitName.isEmpty() ? explicitName : inferName(pprof, period.type());
        return new ProfileType(clean(name), clean(orElse(sample.type(), "samples")), clean(orElse(sample.unit(), "count")),
                clean(periodType.isEmpty() ? "samples" : periodType), clean(periodUnit.isEmpty() ? "count" : periodUnit));
    }

    private static String inferName(DecodedPprof pprof, String periodType) {
        return switch (periodType) {
            case "cpu" -> "process_cpu";
            case "space" -> "memory";
            case "goroutine", "goroutines" -> "goroutine";
            case "contentions" -> recordsUnlocks(pprof) ? "mutex" : "block";
            case "" -> pprof.sampleTypes().get(0).type().isEmpty() ? "unknown" : pprof.sampleTypes().get(0).type();
            default -> periodType;
        };
    }

    private static boolean recordsUnlocks(DecodedPprof pprof) {
        for (DecodedPprof.Sample sample : pprof.samples()) {
            if (sample.stack().length > 0) {
                Frame leaf = pprof.frames().get(sample.stack()[0]);
                if (leaf.function().endsWith(".Unlock") || leaf.function().endsWith(".RUnlock")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String orElse(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }

    /** Profile type parts may not contain ':'. */
    private static String clean(String part) {
        return part.replace(':', '_');
    }
}

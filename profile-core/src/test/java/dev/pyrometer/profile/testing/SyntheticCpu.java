package dev.pyrometer.profile.testing;

import dev.pyrometer.profile.model.Frame;
import dev.pyrometer.profile.model.FrameTable;
import dev.pyrometer.profile.model.LabelSet;
import dev.pyrometer.profile.model.ProfileType;
import dev.pyrometer.profile.model.SeriesProfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * CPU profiles of a made-up Go service with the variance real ones have: each function's samples per
 * snapshot are Poisson around its expected count, that count itself wanders by a per-snapshot
 * log-normal factor (σ = {@value #FUNCTION_SIGMA}, load shifting between code paths), and the load of a
 * whole snapshot by another (σ = {@value #LOAD_SIGMA}). Values are nanoseconds, whole samples of
 * {@value #PERIOD_NANOS} ns. Functions {@code main.fNN} have Zipf weights and sit under
 * {@code main.serve ← main.main}; deterministic for a given {@link Random}.
 */
public final class SyntheticCpu {
    public static final ProfileType CPU = ProfileType.parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    public static final long PERIOD_NANOS = 10_000_000L;
    static final double FUNCTION_SIGMA = 0.15;
    static final double LOAD_SIGMA = 0.10;

    private final List<String> functions = new ArrayList<>();
    private final double[] weights;

    /** @param samplesPerSnapshot expected samples of a whole snapshot at traffic 1 */
    public SyntheticCpu(int functionCount, double samplesPerSnapshot) {
        this(defaultNames(functionCount), samplesPerSnapshot);
    }

    /** Functions named {@code names}, the k-th (from 0) with weight 1/(k+1). */
    public SyntheticCpu(List<String> names, double samplesPerSnapshot) {
        weights = new double[names.size()];
        double harmonic = 0;
        for (int k = 0; k < names.size(); k++) {
            harmonic += 1.0 / (k + 1);
        }
        for (int k = 0; k < names.size(); k++) {
            functions.add(names.get(k));
            weights[k] = samplesPerSnapshot / (k + 1) / harmonic;
        }
    }

    /** {@code main.f00}, {@code main.f01}, … */
    public static List<String> defaultNames(int count) {
        List<String> names = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            names.add(String.format("main.f%02d", k));
        }
        return names;
    }

    public List<String> functions() {
        return functions;
    }

    /**
     * One snapshot: every function scaled by {@code traffic}; {@code planted} (a name of {@link #functions()},
     * or null) additionally by {@code factor}.
     */
    public SeriesProfile snapshot(Random random, LabelSet labels, long timeNanos, long durationNanos, double traffic,
                                  String planted, double factor) {
        FrameTable frames = new FrameTable();
        int main = frames.intern(new Frame("main.main", "/src/app/main.go", 12));
        int serve = frames.intern(new Frame("main.serve", "/src/app/serve.go", 40));
        double load = Math.exp(LOAD_SIGMA * random.nextGaussian());
        int[][] stacks = new int[functions.size()][];
        long[] values = new long[functions.size()];
        for (int k = 0; k < functions.size(); k++) {
            String name = functions.get(k);
            double expected = weights[k] * traffic * load * Math.exp(FUNCTION_SIGMA * random.nextGaussian())
                    * (name.equals(planted) ? factor : 1.0);
            stacks[k] = new int[]{frames.intern(new Frame(name, "/src/app/work.go", 100 + k)), serve, main};
            values[k] = poisson(random, expected) * PERIOD_NANOS;
        }
        return new SeriesProfile(CPU, labels, timeNanos, durationNanos, PERIOD_NANOS, frames, stacks, values);
    }

    /** Knuth's method below 30, a rounded normal above (where it is close). */
    static long poisson(Random random, double mean) {
        if (mean >= 30) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        long k = 0;
        double product = random.nextDouble();
        while (product > limit) {
            k++;
            product *= random.nextDouble();
        }
        return k;
    }
}
